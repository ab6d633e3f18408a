package org.vigie.local;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.contracts.security.Roles;

/**
 * {@code token --role manufacturer --manufacturer acme [--device id] [--jurisdiction FR,DE] [--ttl seconds]
 * [--subject name] --key private.pem}: prints a bearer token signed with the local key.
 */
final class TokenCommand {

    private static final Set<String> ROLES = Set.of(Roles.DEVICE, Roles.MANUFACTURER, Roles.AUTHORITY, Roles.ANALYST,
            Roles.ADMIN);

    private TokenCommand() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String role = options.get("role");
        if (role == null || !ROLES.contains(role)) {
            fail("--role must be one of " + ROLES);
        }
        if (Roles.MANUFACTURER.equals(role) && !options.containsKey("manufacturer")) {
            fail("a manufacturer token needs --manufacturer <id>");
        }
        if (Roles.DEVICE.equals(role) && !options.containsKey("device")) {
            fail("a device token needs --device <id> (and --manufacturer <id>)");
        }
        if (Roles.AUTHORITY.equals(role) && !options.containsKey("jurisdiction")) {
            fail("an authority token needs --jurisdiction <ISO codes, comma-separated>");
        }
        JwtClaimsBuilder claims = Jwt.issuer(options.getOrDefault("issuer", Roles.DEFAULT_ISSUER))
                .subject(options.getOrDefault("subject", role + "-local"))
                .groups(Set.of(role))
                .expiresIn(Long.parseLong(options.getOrDefault("ttl", "86400")));
        if (options.containsKey("manufacturer")) {
            claims.claim(Roles.MANUFACTURER_ID_CLAIM, options.get("manufacturer"));
        }
        if (options.containsKey("device")) {
            claims.claim(Roles.DEVICE_ID_CLAIM, options.get("device"));
        }
        if (options.containsKey("jurisdiction")) {
            claims.claim(Roles.JURISDICTION_CLAIM, List.of(options.get("jurisdiction").split(",")));
        }
        System.out.println(claims.sign(SigningKeys.readPrivate(Path.of(options.getOrDefault("key", ".vigie/keys/private.pem")))));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                fail("unexpected argument " + Arrays.asList(args).subList(i, args.length));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void fail(String message) {
        System.err.println("vigie token: " + message);
        System.exit(2);
    }
}
