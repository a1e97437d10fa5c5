package io.osprey.mq.server.launcher;

import picocli.CommandLine.IVersionProvider;

/** {@code osprey --version}: the version the jar's manifest carries. */
final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = OspreyMain.class.getPackage().getImplementationVersion();
        return new String[] {"Osprey MQ " + (version == null ? "(development build)" : version)};
    }
}
