package dev.hearth.kit.pem;

/** PEM text that could not be written or read; the message says which object and why. */
public class PemException extends RuntimeException {

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
