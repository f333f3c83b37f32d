package dev.flaregate.http;

import jakarta.inject.Singleton;

import org.hibernate.validator.BaseHibernateValidatorConfiguration;

import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;

/**
 * Request bodies are validated on every request. Hibernate Validator caches, per validation, whether each property
 * may be traversed; that saves JPA from loading lazy associations, but Quarkus' resolver here always answers yes,
 * so the cache only allocated (a node per property of every message: a tenth of the bytes a chat request
 * allocated).
 */
@Singleton
public class ValidatorSettings implements ValidatorFactoryCustomizer {

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.enableTraversableResolverResultCache(false);
    }
}
