package org.vigie.local;

import java.util.Arrays;

/**
 * The JVM side of {@code deploy/local/vigie}: the few steps of running the platform that want Java rather
 * than a shell (keys, tokens, topics, databases, an embedded PostgreSQL), so that the script needs nothing
 * but a JDK.
 */
public final class LocalPlatformTool {

    private LocalPlatformTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "keys" -> SigningKeys.main(rest);
            case "token" -> TokenCommand.main(rest);
            case "topics" -> TopicsCommand.main(rest);
            case "database" -> DatabaseCommand.main(rest);
            case "embedded-postgres" -> EmbeddedPostgresServer.main(rest);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LocalPlatformTool keys|token|topics|database|embedded-postgres ...");
        System.exit(2);
    }
}
