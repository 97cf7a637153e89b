package dev.ferret.data.rules;

/** A rules folder that cannot be used: the message is one line naming the file, the rule and the problem. */
public final class RuleCatalogException extends RuntimeException {
    public RuleCatalogException(String message) {
        super(message);
    }

    public RuleCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
