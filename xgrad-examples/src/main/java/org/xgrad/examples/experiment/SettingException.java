package org.xgrad.examples.experiment;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting whose value cannot be used. The message names settings as {@code {name}} ({@code {lr}},
 * {@code {dataset}}); whoever shows it says how a setting is spelled there ({@link #render}): the command line as its
 * option. {@link #getMessage()} gives the bare names.
 */
public class SettingException extends IllegalArgumentException {

    private static final Pattern SETTING = Pattern.compile("\\{([a-z0-9-]+)}");

    private final String template;

    /** @param template the message, each setting written {@code {name}} */
    public SettingException(String template) {
        this(template, null);
    }

    public SettingException(String template, Throwable cause) {
        super(render(template, UnaryOperator.identity()), cause);
        this.template = template;
    }

    /** Throws a {@link SettingException} with {@code template} unless {@code ok}. */
    public static void require(boolean ok, String template) {
        if (!ok) {
            throw new SettingException(template);
        }
    }

    /** @return the message, each setting spelled by {@code spelling} (e.g. {@code name -> "--" + name}) */
    public String render(UnaryOperator<String> spelling) { return render(template, spelling); }

    /** @return {@code template} with each {@code {name}} spelled by {@code spelling} */
    public static String render(String template, UnaryOperator<String> spelling) {
        Matcher m = SETTING.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(spelling.apply(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
