package dev.hearth.agent.pki;

/** A cluster's certificates or keys could not be made; always a bug or a broken JCA, never user input. */
public class PkiException extends RuntimeException {

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
