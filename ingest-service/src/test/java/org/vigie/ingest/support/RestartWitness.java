package org.vigie.ingest.support;

/**
 * What one start of the application leaves for the next in the same test JVM: the batch it wrote, as system
 * properties (a restarted Quarkus application has new class loaders, so static fields do not carry over;
 * the database and the broker do, which is the point).
 */
public final class RestartWitness {

    private static final String BATCH = "vigie.test.restart.batch";
    private static final String DEVICE = "vigie.test.restart.device";
    private static final String MANUFACTURER = "vigie.test.restart.manufacturer";

    private RestartWitness() {
    }

    public static void written(String deviceId, String manufacturerId, String batchJson) {
        System.setProperty(DEVICE, deviceId);
        System.setProperty(MANUFACTURER, manufacturerId);
        System.setProperty(BATCH, batchJson);
    }

    public static String batch() {
        return System.getProperty(BATCH);
    }

    public static String device() {
        return System.getProperty(DEVICE);
    }

    public static String manufacturer() {
        return System.getProperty(MANUFACTURER);
    }
}
