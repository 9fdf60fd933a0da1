import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies an export of the Mianshen ledger offline (GET /api/audit/ledger/export), with nothing but a JDK 17+ and
 * the public key the audit service signs its checkpoints with:
 *
 *   bin/verify-ledger EXPORT.txt CHECKPOINT-KEY.pem
 *
 * Each entry must name the hash of the one before it and hash to its own (SHA-256 of the previous hash and
 * {"event":EVENT,"sequence":N}); each checkpoint must be signed (Ed25519) by the key and name the entry hash the chain
 * reached. Exit 0: intact, and it says how many entries a signed checkpoint covers; 1: the first thing that does not
 * hold; 2: the files cannot be read.
 */
public class VerifyLedger {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: bin/verify-ledger EXPORT.txt CHECKPOINT-KEY.pem");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        PublicKey key = publicKey(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
        if (lines.isEmpty() || !lines.get(0).equals("mianshen-ledger-export-v1")) {
            fail("not a Mianshen ledger export (its first line is not mianshen-ledger-export-v1)");
        }
        String previous = "0".repeat(64);
        long expected = 1;
        long entries = 0;
        long signedUpTo = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] field = lines.get(i).split(" ");
            int line = i + 1;
            if (field[0].equals("checkpoint") && field.length == 6) {
                long sequence = Long.parseLong(field[1]);
                String signed = "mianshen-ledger-checkpoint-v1\n" + sequence + "\n" + field[2] + "\n" + field[3] + "\n"
                        + field[4] + "\n";
                if (!verify(key, signed, field[5])) {
                    fail("line " + line + ": the checkpoint at entry " + sequence + " is not signed by this key");
                }
                if (entries == 0 && i == 1) {
                    // the anchor: the chain continues from the entry it signed
                    previous = field[2];
                    expected = sequence + 1;
                } else if (sequence != expected - 1 || !field[2].equals(previous)) {
                    fail("line " + line + ": the checkpoint at entry " + sequence + " signed entry hash " + field[2]
                            + ", but the chain reached " + previous + " at entry " + (expected - 1));
                }
                signedUpTo = sequence;
            } else if (field[0].equals("entry") && field.length == 5) {
                long sequence = Long.parseLong(field[1]);
                if (sequence != expected) {
                    fail("line " + line + ": entry " + expected + " is missing (found " + sequence + ")");
                }
                if (!field[2].equals(previous)) {
                    fail("line " + line + ": entry " + sequence + " does not name the hash of entry " + (sequence - 1));
                }
                String event = new String(Base64.getDecoder().decode(field[4]), StandardCharsets.UTF_8);
                String hash = sha256(previous, "{\"event\":" + event + ",\"sequence\":" + sequence + "}");
                if (!hash.equals(field[3])) {
                    fail("line " + line + ": entry " + sequence
                            + " does not hash to its entry hash: its event or its sequence changed");
                }
                previous = hash;
                expected++;
                entries++;
            } else {
                fail("line " + line + ": neither an entry nor a checkpoint");
            }
        }
        System.out.println("intact: " + entries + " entries chain correctly; those up to entry " + signedUpTo
                + " are covered by a checkpoint signed with this key"
                + (signedUpTo < expected - 1
                        ? "; entries " + (signedUpTo + 1) + " to " + (expected - 1)
                                + " are not yet (run POST /api/audit/verify, then export again)"
                        : ""));
    }

    private static PublicKey publicKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static boolean verify(PublicKey key, String text, String signature) {
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(key);
            check.update(text.getBytes(StandardCharsets.UTF_8));
            return check.verify(Base64.getDecoder().decode(signature));
        } catch (Exception e) {
            return false;
        }
    }

    private static String sha256(String previous, String entry) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(previous.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest.digest(entry.getBytes(StandardCharsets.UTF_8)));
    }

    private static void fail(String why) {
        System.out.println("BROKEN: " + why);
        System.exit(1);
    }
}
