package dev.hearth.agent.provision;

/** Turns an exception into the sentence a user reads: its own message and its root cause's, no class names. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable error) {
        String own = text(error);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = text(root);
        if (root == error || own.contains(cause)) {
            return own;
        }
        return own + " (" + cause + ")";
    }

    private static String text(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage().trim();
        return message.isEmpty() ? error.getClass().getSimpleName() : message;
    }
}
