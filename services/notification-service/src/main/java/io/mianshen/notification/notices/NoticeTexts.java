package io.mianshen.notification.notices;

import io.mianshen.notification.config.NoticeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The notice templates and their settings, which a policy office edits without code: the bundled ones
 * ({@code notice-templates/} on the classpath) or those of {@code mianshen.notices.templates-directory}.
 * Every template is checked at start: a placeholder that does not exist stops the service with the
 * file and name, rather than sending a notice with a hole in it.
 */
@Component
class NoticeTexts {

    /** The placeholders a template may use. */
    static final Set<String> PLACEHOLDERS = Set.of(
            "enterpriseName",
            "uscc",
            "policyId",
            "policyTitle",
            "document",
            "article",
            "period",
            "amount",
            "previousAmount",
            "recoverAmount",
            "reason",
            "change",
            "nextStep",
            "objectionDeadline",
            "decisionId",
            "supersedes",
            "revokes",
            "waitingFor",
            "position",
            "leaves",
            "outcome",
            "reasons",
            "rulingId",
            "objector");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    /** A rendered notice in one language. */
    record Text(String title, String body) {}

    enum Language {
        ZH,
        EN
    }

    private final Map<NoticeKind, Map<Language, String>> templates = new EnumMap<>(NoticeKind.class);
    private final Properties settings = new Properties();

    NoticeTexts(NoticeSettings noticeSettings) {
        String directory = noticeSettings.templatesDirectory();
        List<String> problems = new ArrayList<>();
        for (NoticeKind kind : NoticeKind.values()) {
            Map<Language, String> byLanguage = new EnumMap<>(Language.class);
            for (Language language : Language.values()) {
                String file = kind.template() + "." + language.name().toLowerCase(java.util.Locale.ROOT) + ".txt";
                String text = read(directory, file);
                Matcher matcher = PLACEHOLDER.matcher(text);
                while (matcher.find()) {
                    if (!PLACEHOLDERS.contains(matcher.group(1))) {
                        problems.add(file + ": unknown placeholder {" + matcher.group(1) + "}");
                    }
                }
                byLanguage.put(language, text);
            }
            templates.put(kind, byLanguage);
        }
        try (Reader reader = new java.io.StringReader(read(directory, "notice.properties"))) {
            settings.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("notice templates have problems: " + String.join("; ", problems));
        }
    }

    /** The notice of {@code kind} in {@code language}, with {@code values} in place of the placeholders. */
    Text render(NoticeKind kind, Language language, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(templates.get(kind).get(language));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "—")));
        }
        matcher.appendTail(out);
        String text = out.toString().strip();
        int newline = text.indexOf('\n');
        return new Text(
                text.substring(0, newline).strip(), text.substring(newline + 1).strip());
    }

    /** Days to object to a decision of {@code policyId}. */
    int objectionWindowDays(String policyId) {
        return Integer.parseInt(settings.getProperty(
                        "objection-window." + policyId, settings.getProperty("objection-window.default", "15"))
                .strip());
    }

    /** What happens after a grant of {@code benefitKind}. */
    String nextStep(String benefitKind, Language language) {
        return settings.getProperty(
                "next-step." + benefitKind + "." + language.name().toLowerCase(java.util.Locale.ROOT), "—");
    }

    private static String read(String directory, String file) {
        try {
            if (directory != null && !directory.isBlank()) {
                return Files.readString(Path.of(directory, file), StandardCharsets.UTF_8);
            }
            try (InputStream in = NoticeTexts.class.getClassLoader().getResourceAsStream("notice-templates/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing notice template " + file);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read notice template " + file, e);
        }
    }
}
