package org.vigie.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The local platform's own token-signing key pair, made on first {@code up} and kept in the run folder
 * (never in the repository). The services verify tokens with the public half, as they would an OIDC
 * provider's key in production.
 */
final class SigningKeys {

    static final String PRIVATE = "private.pem";
    static final String PUBLIC = "public.pem";

    private SigningKeys() {
    }

    /** {@code keys <dir>}: creates the pair if it does not exist yet. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".vigie/keys");
        if (Files.exists(dir.resolve(PRIVATE)) && Files.exists(dir.resolve(PUBLIC))) {
            return;
        }
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path privateFile = dir.resolve(PRIVATE);
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: the run folder's own permissions apply.
        }
        Files.writeString(dir.resolve(PUBLIC), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.out.println("created a signing key pair in " + dir);
    }

    static PrivateKey readPrivate(Path file) throws IOException {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IOException("Not an RSA private key: " + file, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
