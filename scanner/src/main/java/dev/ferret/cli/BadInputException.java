package dev.ferret.cli;

/** The user asked for something ferret cannot use (missing path, unreadable rules): exit code 2. */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }
}
