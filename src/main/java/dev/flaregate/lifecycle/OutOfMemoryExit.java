package dev.flaregate.lifecycle;

import java.lang.management.ManagementFactory;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.sun.management.HotSpotDiagnosticMXBean;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Says at startup when the JVM would outlive an {@link OutOfMemoryError}. After one, threads have died half-way
 * and class initialisers have failed for good: the process answers probes slowly or not at all and every request
 * with an error, and only a restart mends it. {@code -XX:+ExitOnOutOfMemoryError} (the images and overlays set it)
 * makes the JVM exit instead, so that Kubernetes restarts it. The gateway cannot set it for itself.
 */
class OutOfMemoryExit {

    private static final Logger LOG = Logger.getLogger(OutOfMemoryExit.class);

    void check(@Observes StartupEvent start) {
        if (LaunchMode.current() != LaunchMode.NORMAL || exitsOnOutOfMemory()) {
            return;
        }
        LOG.warn("The JVM runs without -XX:+ExitOnOutOfMemoryError: after an OutOfMemoryError it would stay up "
                + "without serving; add the option to the java command line");
    }

    private static boolean exitsOnOutOfMemory() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null || "true".equals(vm.getVMOption("ExitOnOutOfMemoryError").getValue())
                    || "true".equals(vm.getVMOption("CrashOnOutOfMemoryError").getValue());
        } catch (RuntimeException | LinkageError e) {
            // A native executable has no such options to read: nothing to say.
            return true;
        }
    }
}
