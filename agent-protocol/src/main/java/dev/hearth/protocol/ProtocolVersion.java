package dev.hearth.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent protocol's version as sent in every message's {@code apiVersion}. Only the major number
 * exists: additions that old readers can ignore (new optional fields) keep it; anything an old reader
 * would misread (a renamed field, a changed meaning) raises it, and a reader refuses a major it does
 * not speak rather than guess.
 *
 * @param major the protocol generation, {@code 1} for {@code hearth.agent/v1}
 */
public record ProtocolVersion(int major) {

    public static final String CURRENT_NAME = "hearth.agent/v1";
    public static final ProtocolVersion CURRENT = new ProtocolVersion(1);

    private static final Pattern FORMAT = Pattern.compile("hearth\\.agent/v([1-9][0-9]{0,8})");

    public ProtocolVersion {
        if (major < 1) {
            throw new IllegalArgumentException("protocol major version must be at least 1, got " + major);
        }
    }

    /**
     * Reads an {@code apiVersion} value.
     *
     * @throws AgentProtocolException when the text is not of the form {@code hearth.agent/v<N>}
     */
    public static ProtocolVersion parse(String apiVersion) {
        Matcher matcher = FORMAT.matcher(apiVersion == null ? "" : apiVersion);
        if (!matcher.matches()) {
            throw new AgentProtocolException("invalid apiVersion '" + apiVersion
                    + "': expected the form hearth.agent/v<N>, e.g. " + CURRENT_NAME);
        }
        return new ProtocolVersion(Integer.parseInt(matcher.group(1)));
    }

    @Override
    public String toString() {
        return "hearth.agent/v" + major;
    }
}
