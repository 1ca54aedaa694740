package dev.basalt.common;

/**
 * The one exception type that carries an {@link ErrorCode} to the client. Messages name the
 * object and the value at fault: {@code range 7: key slot 40001 is outside [0, 8192)}.
 */
public class BasaltException extends RuntimeException {
    private final ErrorCode code;

    public BasaltException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public BasaltException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Running the transaction again from its start may succeed (see {@link ErrorCode#transactionRetryable()}). */
    public boolean retryable() {
        return code.transactionRetryable();
    }

    public String sqlState() {
        return code.sqlState();
    }

    @Override
    public String toString() {
        return "BasaltException[" + code + " " + code.sqlState() + "]: " + getMessage();
    }
}
