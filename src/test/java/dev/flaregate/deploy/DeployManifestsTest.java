package dev.flaregate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.flaregate.NativeReflection;
import dev.flaregate.workersai.WorkersAiTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Checks the Kubernetes manifests under {@code deploy/} against the application and the Dockerfiles, without a
 * cluster: every document is read into the typed fabric8 model of its declared kind (an unknown field fails, so a
 * misspelt {@code readinesProbe} is caught), and the facts that must agree across files are compared with their
 * source: the HTTP port and health paths with the application, the uid and image names with the Dockerfiles, the
 * grace period with the shutdown settings, the ingress limits with the gateway's. For the native image it also
 * checks that {@link NativeReflection} registers every record of the OpenAI and Workers AI wire packages.
 * <p>
 * Secrets: every value must start with {@value #PLACEHOLDER} and nothing anywhere under {@code deploy/} may look
 * like a Cloudflare account id (32 hex digits) or API token (a run of 40 or more letters, digits, {@code _} or
 * {@code -} that mixes digits, capitals and small letters, as random tokens do; the lower-case, digit-free
 * placeholders never match, nor do environment names or image digests).
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final Path BASE = KUBERNETES.resolve("base");
    private static final Path OVERLAYS = KUBERNETES.resolve("overlays");
    private static final Path DOCKER = Path.of("src/main/docker");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    private static final String PLACEHOLDER = "replace-with-";
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");
    private static final Pattern TOKEN_RUN = Pattern.compile("[A-Za-z0-9_-]{40,}");
    private static final Pattern BUILD_COMMAND = Pattern.compile("docker build -f (\\S+) -t (\\S+) \\.");
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "metadata", "resources",
            "components", "images", "patches", "namespace", "namePrefix", "nameSuffix", "labels",
            "commonAnnotations", "configMapGenerator", "secretGenerator", "generatorOptions", "replicas");

    private static final YAMLMapper YAML = new YAMLMapper();
    /** Wire-package records that never go through Jackson: the resolved upstream address and credentials. */
    private static final Set<Class<?>> NOT_SERIALISED = Set.of(WorkersAiTarget.class);

    /** Every YAML document under deploy/, by file. */
    private static Map<Path, List<JsonNode>> documents;
    /** The resources the base kustomization deploys (what every overlay starts from). */
    private static List<HasMetadata> base;

    @BeforeAll
    static void load() throws IOException {
        documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(DeployManifestsTest::isYaml).sorted().toList()) {
                documents.put(file, readDocuments(file));
            }
        }
        base = resourcesOf(BASE);
    }

    @Test
    void everyManifestParsesAsItsDeclaredKind() {
        assertFalse(documents.isEmpty(), "no YAML under deploy/");
        documents.forEach((file, docs) -> {
            assertFalse(docs.isEmpty(), file + " holds no document");
            for (JsonNode doc : docs) {
                String kind = doc.path("kind").asText();
                if (isKustomization(doc)) {
                    Set<String> unknown = new HashSet<>();
                    doc.fieldNames().forEachRemaining(unknown::add);
                    unknown.removeAll(KUSTOMIZATION_FIELDS);
                    assertTrue(unknown.isEmpty(), file + ": unknown Kustomization fields " + unknown);
                    continue;
                }
                HasMetadata typed = typed(file, doc);
                // The model class's own kind and API version, not the strings it was read from.
                assertEquals(kind, HasMetadata.getKind(typed.getClass()), file + ": kind");
                assertEquals(doc.path("apiVersion").asText(), HasMetadata.getApiVersion(typed.getClass()),
                        file + ": apiVersion");
                assertNotNull(typed.getMetadata().getName(), file + ": metadata.name");
                List<String> unknown = new ArrayList<>();
                collectUnknownFields(typed, kind, unknown, 0);
                assertTrue(unknown.isEmpty(), file + ": fields that " + kind + " does not have: " + unknown);
            }
        });
    }

    @Test
    void kustomizationsListFilesThatExistAndAreResources() {
        Set<Path> listed = new HashSet<>();
        documents.forEach((file, docs) -> docs.stream().filter(DeployManifestsTest::isKustomization).forEach(k -> {
            Path dir = file.getParent();
            assertEquals(isComponent(k) ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1",
                    k.path("apiVersion").asText(), file + ": apiVersion");
            // A component may only patch what the base deploys.
            assertTrue(isComponent(k) || k.path("resources").size() > 0, file + " lists no resources");
            for (JsonNode entry : k.path("resources")) {
                Path target = dir.resolve(entry.asText()).normalize();
                if (Files.isDirectory(target)) {
                    assertTrue(Files.exists(target.resolve("kustomization.yaml")),
                            file + ": " + target + " is a directory without a kustomization.yaml");
                } else {
                    assertTrue(Files.isRegularFile(target), file + ": " + target + " does not exist");
                    List<JsonNode> targetDocs = documents.get(target);
                    assertNotNull(targetDocs, file + ": " + target + " is not a YAML file under deploy/");
                    targetDocs.forEach(d -> assertFalse(isKustomization(d), target + " is not a resource"));
                    targetDocs.forEach(d -> typed(target, d));
                }
                listed.add(target);
            }
            for (JsonNode patch : k.path("patches")) {
                Path target = dir.resolve(patch.path("path").asText()).normalize();
                assertTrue(Files.isRegularFile(target), file + ": patch " + target + " does not exist");
                HasMetadata patched = typed(target, documents.get(target).get(0));
                assertTrue(base.stream().anyMatch(r -> sameObject(r, patched)),
                        target + " patches " + patched.getKind() + "/" + patched.getMetadata().getName()
                                + ", which the base does not deploy");
                listed.add(target);
            }
        }));
        for (Path file : documents.keySet()) {
            boolean template = file.getFileName().toString().contains(".example.");
            boolean kustomization = file.getFileName().toString().equals("kustomization.yaml");
            assertTrue(template || kustomization || listed.contains(file.normalize()),
                    file + " is in no kustomization (name it *.example.yaml if it is a template)");
        }
    }

    @Test
    void probesUseTheHealthEndpointsOnTheHttpPort() {
        Container container = gateway();
        int port = Integer.parseInt(setting("quarkus.http.port"));
        ContainerPort http = orEmpty(container.getPorts()).stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named http"));
        assertEquals(port, http.getContainerPort(), "containerPort http vs quarkus.http.port");

        assertProbe(container.getStartupProbe(), "/q/health/started", container, port);
        assertProbe(container.getLivenessProbe(), "/q/health/live", container, port);
        assertProbe(container.getReadinessProbe(), "/q/health/ready", container, port);

        Service service = only(Service.class);
        assertSelectsThePods(service.getSpec().getSelector(), "Service selector");
        service.getSpec().getPorts().forEach(p -> assertEquals(port, resolve(p.getTargetPort(), container),
                "Service targetPort"));
    }

    @Test
    void everyPodAndContainerIsLockedDown() throws IOException {
        Set<Long> uids = new HashSet<>();
        for (Path dockerfile : dockerfiles()) {
            Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(Files.readString(dockerfile));
            assertTrue(user.find(), dockerfile + " has no numeric USER");
            uids.add(Long.parseLong(user.group(1)));
        }
        assertEquals(1, uids.size(), "the Dockerfiles run as different users: " + uids);
        long uid = uids.iterator().next();

        for (Deployment deployment : all(Deployment.class)) {
            assertLockedDown(deployment, uid);
        }
        // Optional components run images of their own (Redis), as their own non-root users.
        for (Deployment deployment : componentResources(Deployment.class)) {
            assertLockedDown(deployment, null);
        }
    }

    /** {@code uid}: the user the pod must run as, or null for any user but root. */
    private static void assertLockedDown(Deployment deployment, Long uid) {
        String name = deployment.getMetadata().getName() + ": ";
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = pod.getSecurityContext();
        assertNotNull(podContext, name + "pod securityContext");
        assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), name + "pod runAsNonRoot");
        assertRunsAs(uid, podContext.getRunAsUser(), name + "pod runAsUser vs the Dockerfiles' USER");
        assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), name + "pod seccompProfile");

        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            String where = name + "container " + container.getName() + ": ";
            SecurityContext context = container.getSecurityContext();
            assertNotNull(context, where + "securityContext");
            assertEquals(Boolean.TRUE, context.getRunAsNonRoot(), where + "runAsNonRoot");
            assertRunsAs(uid, context.getRunAsUser(), where + "runAsUser vs the Dockerfiles' USER");
            assertEquals(Boolean.TRUE, context.getReadOnlyRootFilesystem(), where + "readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, context.getAllowPrivilegeEscalation(), where + "allowPrivilegeEscalation");
            assertEquals(List.of("ALL"), context.getCapabilities().getDrop(), where + "capabilities.drop");
            assertEquals("RuntimeDefault", context.getSeccompProfile().getType(), where + "seccompProfile");
            String tmpVolume = container.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                    .findFirst().orElseThrow(() -> new AssertionError(where + "no writable /tmp")).getName();
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(tmpVolume)
                    && v.getEmptyDir() != null), where + "/tmp is not an emptyDir");
        }
    }

    @Test
    void secretsHoldOnlyPlaceholders() {
        List<Secret> secrets = new ArrayList<>();
        documents.forEach((file, docs) -> docs.stream().filter(d -> "Secret".equals(d.path("kind").asText()))
                .forEach(d -> secrets.add((Secret) typed(file, d))));
        assertFalse(secrets.isEmpty(), "no Secret template under deploy/");
        for (Secret secret : secrets) {
            String name = "Secret " + secret.getMetadata().getName();
            assertTrue(secret.getData() == null || secret.getData().isEmpty(),
                    name + ": use stringData placeholders, not base64 data");
            assertFalse(secret.getStringData().isEmpty(), name + ": no stringData");
            secret.getStringData().forEach((key, value) -> assertTrue(value.startsWith(PLACEHOLDER),
                    name + ": " + key + " is not a " + PLACEHOLDER + "... placeholder"));
        }

        documents.forEach((file, docs) -> docs.forEach(doc -> scalars(doc).forEach(value -> assertFalse(
                looksLikeACredential(value), file + " holds a value that looks like a real credential"))));

        Container container = gateway();
        for (String key : List.of("CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_API_TOKEN")) {
            assertFalse(configMap().containsKey(key), key + " belongs in the Secret, not the ConfigMap");
            assertTrue(container.getEnv().stream().anyMatch(e -> key.equals(e.getName()) && e.getValue() == null
                    && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null),
                    key + " must come from a secretKeyRef");
        }
    }

    @Test
    void credentialDetectorTellsPlaceholdersFromRealValues() {
        assertFalse(looksLikeACredential("replace-with-your-account-id"));
        assertFalse(looksLikeACredential("replace-with-your-workers-ai-api-token"));
        assertTrue(looksLikeACredential("0123456789abcdef0123456789ABCDEF"));
        assertTrue(looksLikeACredential("Bearer AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab"));
        assertTrue(looksLikeACredential("replace-with-Xy7dK2mQ9vT4bN8cR1sL6wE3aZ5hJ0pFgUiO"), "hidden behind a prefix");
        assertFalse(looksLikeACredential("sha256:" + "0123456789abcdef".repeat(4)), "an image digest is no id");
        assertFalse(looksLikeACredential("FLAREGATE_WORKERS_AI_STREAM_IDLE_TIMEOUT"), "an environment name");
    }

    @Test
    void overlaysRunTheImagesTheDockerfilesBuild() throws IOException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Path dockerfile : dockerfiles()) {
            Matcher build = BUILD_COMMAND.matcher(Files.readString(dockerfile));
            assertTrue(build.find(), dockerfile + " gives no `docker build -f ... -t <image> .` command");
            assertEquals(DOCKER.resolve(dockerfile.getFileName()).toString(), build.group(1),
                    dockerfile + ": its build command builds another Dockerfile");
            tags.put(dockerfile.getFileName().toString(), build.group(2));
        }
        assertEquals(tags.size(), new HashSet<>(tags.values()).size(), "two Dockerfiles build one tag: " + tags);

        String baseImage = gateway().getImage();
        List<Path> overlays;
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            overlays = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(List.of("jvm", "native"), overlays.stream().map(p -> p.getFileName().toString()).toList());
        for (Path overlay : overlays) {
            String dockerfile = "Dockerfile." + overlay.getFileName();
            JsonNode kustomization = documents.get(overlay.resolve("kustomization.yaml")).get(0);
            JsonNode image = kustomization.path("images").get(0);
            assertNotNull(image, overlay + " sets no image");
            assertEquals(baseImage, image.path("name").asText(), overlay + ": images[0].name vs the base's image");
            assertEquals(tags.get(dockerfile), image.path("newName").asText() + ":" + image.path("newTag").asText(),
                    overlay + ": image vs the tag " + dockerfile + " builds");

            Container patched = patchedGateway(overlay);
            if (!orEmpty(patched.getArgs()).isEmpty() && orEmpty(patched.getCommand()).isEmpty()) {
                String text = Files.readString(DOCKER.resolve(dockerfile));
                assertTrue(text.contains("\nENTRYPOINT [") && !text.contains("\nCMD "), overlay
                        + " passes args, which would replace a CMD: " + dockerfile + " needs an exec ENTRYPOINT");
            }
        }
    }

    @Test
    void overlaysSizeTheContainer() {
        Map<String, Quantity> memoryLimits = new LinkedHashMap<>();
        for (String overlay : List.of("jvm", "native")) {
            ResourceRequirements resources = patchedGateway(OVERLAYS.resolve(overlay)).getResources();
            assertNotNull(resources, overlay + ": no resources");
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests().get(resource);
                Quantity limit = resources.getLimits().get(resource);
                assertNotNull(request, overlay + ": no " + resource + " request");
                assertNotNull(limit, overlay + ": no " + resource + " limit");
                assertTrue(limit.getNumericalAmount().compareTo(request.getNumericalAmount()) >= 0,
                        overlay + ": " + resource + " limit below its request");
            }
            memoryLimits.put(overlay, resources.getLimits().get("memory"));
        }
        assertTrue(memoryLimits.get("native").getNumericalAmount()
                .compareTo(memoryLimits.get("jvm").getNumericalAmount()) < 0, "native should need less than the JVM");
    }

    @Test
    void gracePeriodOutlastsTheShutdownDelayAndDrain() {
        Duration delay = duration(setting("quarkus.shutdown.delay"));
        Duration drain = duration(setting("quarkus.shutdown.timeout"));
        for (Deployment deployment : all(Deployment.class)) {
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertTrue(grace > delay.plus(drain).toSeconds(), "terminationGracePeriodSeconds " + grace
                    + " must exceed the shutdown delay " + delay + " plus the drain timeout " + drain);
        }
    }

    @Test
    void networkPolicyAllowsTheHttpPortInAndOnlyDnsAndHttpsOut() {
        NetworkPolicy policy = only(NetworkPolicy.class);
        Container container = gateway();
        int port = Integer.parseInt(setting("quarkus.http.port"));
        assertSelectsThePods(policy.getSpec().getPodSelector().getMatchLabels(), "NetworkPolicy podSelector");
        assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(policy.getSpec().getPolicyTypes()), "policyTypes");

        assertFalse(policy.getSpec().getIngress().isEmpty(), "no ingress rule: nothing could reach the gateway");
        for (Rule rule : rules(policy.getSpec().getIngress())) {
            assertFalse(rule.ports().isEmpty(), "an ingress rule without ports opens every port");
            rule.ports().forEach(p -> assertEquals(port, resolve(p.getPort(), container), "ingress port"));
        }

        Set<String> egress = new HashSet<>();
        for (Rule rule : rules(policy.getSpec().getEgress())) {
            assertFalse(rule.ports().isEmpty(), "an egress rule without ports opens every port");
            rule.ports().forEach(p -> egress.add(p.getPort().getIntVal() + "/" + p.getProtocol()));
        }
        assertEquals(Set.of("53/UDP", "53/TCP", "443/TCP"), egress, "egress ports");
    }

    @Test
    void ingressKeepsStreamsUnbufferedAndOpen() {
        Ingress ingress = only(Ingress.class);
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        String prefix = "nginx.ingress.kubernetes.io/";
        assertEquals("off", annotations.get(prefix + "proxy-buffering"), "proxy-buffering");
        assertEquals("off", annotations.get(prefix + "proxy-request-buffering"), "proxy-request-buffering");
        Duration longest = duration(setting("flaregate.workers-ai.request-timeout"));
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            String value = annotations.get(prefix + timeout);
            assertNotNull(value, timeout);
            assertTrue(Long.parseLong(value) > longest.toSeconds(), timeout + " must outlast the request timeout");
        }
        assertEquals(bytes(setting("quarkus.http.limits.max-body-size")),
                bytes(annotations.get(prefix + "proxy-body-size")), "proxy-body-size vs the gateway's body limit");

        Service service = only(Service.class);
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            assertEquals(service.getMetadata().getName(), path.getBackend().getService().getName(), "backend");
            String portName = path.getBackend().getService().getPort().getName();
            assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(portName)),
                    "backend port " + portName + " is not a Service port");
        }));
    }

    @Test
    void scalingKeepsAtLeastTwoReplicasAndOneThroughDisruptions() {
        Deployment deployment = only(Deployment.class);
        assertEquals(2, deployment.getSpec().getReplicas(), "replicas");
        assertSelectsThePods(deployment.getSpec().getSelector().getMatchLabels(), "Deployment selector");

        HorizontalPodAutoscaler hpa = only(HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), "HPA target kind");
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName(), "HPA target");
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "HPA minReplicas");
        assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(m -> m.getResource() != null
                && "cpu".equals(m.getResource().getName())
                && "Utilization".equals(m.getResource().getTarget().getType())), "HPA on CPU utilization");

        PodDisruptionBudget pdb = only(PodDisruptionBudget.class);
        assertEquals(new IntOrString(1), pdb.getSpec().getMinAvailable(), "PDB minAvailable");
        assertSelectsThePods(pdb.getSpec().getSelector().getMatchLabels(), "PDB selector");
    }

    @Test
    void theNativeImageRegistersEveryWireRecordForJackson() throws IOException {
        Set<Class<?>> registered = Set.of(NativeReflection.class.getAnnotation(RegisterForReflection.class).targets());
        List<String> missing = new ArrayList<>();
        for (String pkg : List.of("dev.flaregate.openai", "dev.flaregate.workersai")) {
            Path classes = Path.of("target/classes").resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(classes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = pkg + "." + file.getFileName().toString().replace(".class", "");
                    Class<?> type = load(name);
                    if (type.isRecord() && !NOT_SERIALISED.contains(type) && !registered.contains(type)) {
                        missing.add(name);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "records Jackson may read or write, not in NativeReflection: " + missing);
    }

    // --- reading the manifests

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, DeployManifestsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> readDocuments(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<JsonNode> docs = new ArrayList<>();
            MappingIterator<JsonNode> all = YAML.readerFor(JsonNode.class)
                    .readValues(YAML.getFactory().createParser(reader));
            all.forEachRemaining(doc -> {
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isKustomization(JsonNode doc) {
        return "Kustomization".equals(doc.path("kind").asText()) || isComponent(doc);
    }

    /** A kustomize Component: an optional part an overlay adds with {@code components:}. */
    private static boolean isComponent(JsonNode doc) {
        return "Component".equals(doc.path("kind").asText());
    }

    /** The resources of every Component under deploy/, of one kind. */
    private static <T extends HasMetadata> List<T> componentResources(Class<T> type) {
        List<T> found = new ArrayList<>();
        documents.forEach((file, docs) -> {
            if (docs.stream().anyMatch(DeployManifestsTest::isComponent)) {
                resourcesOf(file.getParent()).stream().filter(type::isInstance).map(type::cast).forEach(found::add);
            }
        });
        return found;
    }

    private static void assertRunsAs(Long uid, Long runAsUser, String what) {
        if (uid != null) {
            assertEquals(uid, runAsUser, what);
        } else {
            assertTrue(runAsUser != null && runAsUser > 0, what + ": not root");
        }
    }

    private static HasMetadata typed(Path file, JsonNode doc) {
        KubernetesResource resource;
        try {
            resource = YAML.treeToValue(doc, KubernetesResource.class);
        } catch (IOException e) {
            throw new AssertionError(file + " is not a valid " + doc.path("kind").asText(), e);
        }
        assertFalse(resource instanceof GenericKubernetesResource,
                file + ": " + doc.path("apiVersion").asText() + " " + doc.path("kind").asText() + " is no known kind");
        return assertInstanceOf(HasMetadata.class, resource, file.toString());
    }

    /** The resources a kustomization deploys, following directories to their own kustomization. */
    private static List<HasMetadata> resourcesOf(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        List<JsonNode> docs = documents.get(file);
        assertNotNull(docs, "no " + file);
        List<HasMetadata> resources = new ArrayList<>();
        for (JsonNode entry : docs.get(0).path("resources")) {
            Path target = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(target)) {
                resources.addAll(resourcesOf(target));
            } else {
                documents.getOrDefault(target, List.of()).forEach(d -> resources.add(typed(target, d)));
            }
        }
        return resources;
    }

    /**
     * Every {@code additionalProperties} entry in the typed object: fabric8 keeps unknown fields there instead of
     * failing, so an empty map everywhere means every field was one the kind has.
     */
    private static void collectUnknownFields(Object node, String path, List<String> unknown, int depth) {
        if (node == null || depth > 40) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown, depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown, depth + 1));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + "." + extra.keySet());
                }
            } else {
                String field = getter.getName().substring(3);
                collectUnknownFields(value, path + "." + field.substring(0, 1).toLowerCase(Locale.ROOT)
                        + field.substring(1), unknown, depth + 1);
            }
        }
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return base.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), "the base should deploy one " + type.getSimpleName());
        return found.get(0);
    }

    private static boolean sameObject(HasMetadata a, HasMetadata b) {
        return a.getKind().equals(b.getKind()) && a.getMetadata().getName().equals(b.getMetadata().getName());
    }

    private static Container gateway() {
        List<Container> containers = only(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), "one container");
        return containers.get(0);
    }

    private static Container patchedGateway(Path overlay) {
        JsonNode kustomization = documents.get(overlay.resolve("kustomization.yaml")).get(0);
        for (JsonNode patch : kustomization.path("patches")) {
            Path file = overlay.resolve(patch.path("path").asText()).normalize();
            if (typed(file, documents.get(file).get(0)) instanceof Deployment deployment) {
                return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                        .filter(c -> c.getName().equals(gateway().getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(file + " patches no " + gateway().getName()));
            }
        }
        throw new AssertionError(overlay + " patches no Deployment");
    }

    private static void assertSelectsThePods(Map<String, String> selector, String what) {
        assertTrue(selector != null && !selector.isEmpty(), what + " is empty");
        Map<String, String> labels = only(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(labels.entrySet().containsAll(selector.entrySet()), what + " " + selector
                + " does not select the pods, labelled " + labels);
    }

    private static Map<String, String> configMap() {
        return only(ConfigMap.class).getData();
    }

    private static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith("Dockerfile.")).sorted()
                    .toList();
            assertEquals(List.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"),
                    found.stream().map(f -> f.getFileName().toString()).toList());
            return found;
        }
    }

    // --- the application's side

    /**
     * A setting as the container sees it: the ConfigMap's environment variable if it sets one, else
     * application.properties.
     */
    private static String setting(String property) {
        String env = property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String fromConfigMap = configMap().get(env);
        if (fromConfigMap != null) {
            return fromConfigMap;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty(property))
                .orElseThrow(() -> new AssertionError(property + " is set neither in the ConfigMap (" + env
                        + ") nor in application.properties"));
    }

    private static void assertProbe(Probe probe, String path, Container container, int port) {
        assertNotNull(probe, "no probe for " + path);
        assertNotNull(probe.getHttpGet(), "probe for " + path + " is not an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), "probe path");
        assertEquals(port, resolve(probe.getHttpGet().getPort(), container), "probe port for " + path);
    }

    /** A port given by number or by the name of one of the container's ports. */
    private static int resolve(IntOrString port, Container container) {
        assertNotNull(port, "no port");
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private record Rule(List<NetworkPolicyPort> ports) {
    }

    private static List<Rule> rules(List<?> rules) {
        return rules.stream().map(r -> new Rule(orEmpty(
                r instanceof NetworkPolicyIngressRule in ? in.getPorts() : ((NetworkPolicyEgressRule) r).getPorts())))
                .toList();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Quarkus durations: a number of seconds, or a number with ms, s, m, h or d, or ISO-8601. */
    private static Duration duration(String value) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value.trim());
        if (!m.matches()) {
            return Duration.parse(value.trim());
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Quarkus MemorySize and nginx sizes alike: a number with an optional k, m or g suffix, powers of 1024. */
    private static long bytes(String value) {
        Matcher m = Pattern.compile("(?i)(\\d+)([kmg]?)").matcher(value.trim());
        assertTrue(m.matches(), "not a size: " + value);
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static boolean looksLikeACredential(String value) {
        if (ACCOUNT_ID.matcher(value).find()) {
            return true;
        }
        Matcher run = TOKEN_RUN.matcher(value);
        while (run.find()) {
            String chars = run.group();
            if (chars.chars().anyMatch(Character::isDigit) && chars.chars().anyMatch(Character::isUpperCase)
                    && chars.chars().anyMatch(Character::isLowerCase)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> scalars(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isValueNode()) {
            values.add(node.asText());
        } else if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> values.addAll(scalars(e.getValue())));
        } else {
            node.forEach(child -> values.addAll(scalars(child)));
        }
        return values;
    }
}
