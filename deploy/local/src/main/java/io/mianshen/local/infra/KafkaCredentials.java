package io.mianshen.local.infra;

import io.mianshen.local.StackFailure;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The local broker's passwords: one per principal of {@link KafkaPrincipals} and the administrator's, made at
 * random on first start and kept in the data folder ({@code kafka/credentials.properties}, readable by its owner
 * only), with a {@code kcat} configuration file for each ({@code kafka/kcat/<principal>.conf}). There is no
 * default password: a stack without its data folder has new ones.
 */
public final class KafkaCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final String bootstrapServers;
    private final Properties passwords;

    private KafkaCredentials(Path folder, String bootstrapServers, Properties passwords) {
        this.folder = folder;
        this.bootstrapServers = bootstrapServers;
        this.passwords = passwords;
    }

    /** The credentials of the stack whose data folder is {@code dataDirectory}, made there if missing. */
    public static KafkaCredentials in(Path dataDirectory, String bootstrapServers) {
        Path folder = dataDirectory.resolve("kafka");
        Path file = folder.resolve("credentials.properties");
        Properties passwords = new Properties();
        try {
            Files.createDirectories(folder);
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    passwords.load(reader);
                }
            }
            List<String> principals = new ArrayList<>(KafkaPrincipals.principals());
            principals.add(KafkaPrincipals.ADMIN);
            boolean changed = false;
            for (String principal : principals) {
                if (passwords.getProperty(principal, "").isBlank()) {
                    passwords.setProperty(principal, newPassword());
                    changed = true;
                }
            }
            if (changed) {
                try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    passwords.store(
                            writer,
                            "the local stack's Kafka passwords (made by deploy/local/run; delete the data folder for new ones)");
                }
                ownerOnly(file);
            }
            KafkaCredentials credentials = new KafkaCredentials(folder, bootstrapServers, passwords);
            credentials.writeKcatConfigs();
            return credentials;
        } catch (IOException e) {
            throw new StackFailure("cannot make or read the Kafka credentials in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The credentials a running stack made in {@code dataDirectory}, for a tool or test that connects to it; fails,
     * saying how to start the stack, when there are none.
     */
    public static KafkaCredentials existing(Path dataDirectory, String bootstrapServers) {
        if (!Files.exists(dataDirectory.resolve("kafka").resolve("credentials.properties"))) {
            throw new StackFailure(
                    "no Kafka credentials in " + dataDirectory.toAbsolutePath().resolve("kafka")
                            + ": start the stack with deploy/local/run (or name its data folder with --data-dir)");
        }
        return in(dataDirectory, bootstrapServers);
    }

    /** How {@code principal} connects (SCRAM; {@link KafkaPrincipals#ADMIN} by PLAIN). */
    public KafkaAccess access(String principal) {
        String password = passwords.getProperty(principal);
        if (password == null) {
            throw new IllegalArgumentException(
                    "no Kafka principal " + principal + "; there are " + passwords.stringPropertyNames());
        }
        return new KafkaAccess(
                bootstrapServers,
                principal,
                password,
                principal.equals(KafkaPrincipals.ADMIN) ? "PLAIN" : KafkaAccess.SCRAM);
    }

    /** The administrator: the launcher's own principal, a superuser. */
    public KafkaAccess admin() {
        return access(KafkaPrincipals.ADMIN);
    }

    /** The {@code kcat -F} file of {@code principal}. */
    public Path kcatConfig(String principal) {
        return folder.resolve("kcat").resolve(principal + ".conf");
    }

    private void writeKcatConfigs() throws IOException {
        Files.createDirectories(folder.resolve("kcat"));
        for (String principal : KafkaPrincipals.principals()) {
            Path file = kcatConfig(principal);
            String text = access(principal).kcatConfig();
            if (!Files.exists(file)
                    || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(file, text, StandardCharsets.UTF_8);
                ownerOnly(file);
            }
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // a file system without POSIX permissions: the data folder is the developer's own
        }
    }
}
