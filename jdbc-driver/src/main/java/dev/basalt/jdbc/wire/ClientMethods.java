package dev.basalt.jdbc.wire;

/**
 * The method numbers of the client protocol: a REQUEST frame of the node transport carries one of
 * these, and its payload is the record named beside it (see the package documentation). They sit
 * above the node protocol's numbers and are never reused.
 */
public final class ClientMethods {
    /**
     * {@link ConnectRequest} → {@link ConnectResponse}: {@code Opened} on a cluster without users,
     * else a SCRAM {@code Challenge} to answer with AUTHENTICATE. The first client request on a connection.
     */
    public static final int CONNECT = 100;
    /** {@link ExecuteRequest} → {@link ExecuteResult}. */
    public static final int EXECUTE = 101;
    /** {@link PrepareRequest} → {@link PrepareResponse}. */
    public static final int PREPARE = 102;
    /** {@link ExecutePreparedRequest} → {@link ExecuteResult}. */
    public static final int EXECUTE_PREPARED = 103;
    /** {@link BatchRequest} → {@link BatchResponse}. */
    public static final int EXECUTE_BATCH = 104;
    /** {@link FetchRequest} → {@link RowsPage}. */
    public static final int FETCH = 105;
    /** {@link CloseRequest} (a cursor id) → empty. */
    public static final int CLOSE_CURSOR = 106;
    /** {@link CloseRequest} (a statement id) → empty. */
    public static final int CLOSE_STATEMENT = 107;
    /** Empty → empty. */
    public static final int COMMIT = 108;
    /** Empty → empty. */
    public static final int ROLLBACK = 109;
    /** {@link SetSessionRequest} → empty. */
    public static final int SET_SESSION = 110;
    /** Empty → empty: a round trip through the session, for {@code Connection.isValid}. */
    public static final int PING = 111;
    /**
     * Empty → empty: cancels the session's running statement and any request that arrived before
     * this one (out of band: answered at once, never queued behind the statement it cancels). The
     * cancelled request fails with QUERY_CANCELED (57014). A no-op when nothing runs.
     */
    public static final int CANCEL = 112;
    /**
     * {@link AuthenticateRequest} → {@link ConnectResponse.Opened} with the node's SCRAM signature,
     * or INVALID_PASSWORD (28P01). Only right after CONNECT answered with a challenge.
     */
    public static final int AUTHENTICATE = 113;

    /** The lowest and highest client method number, for a dispatcher that routes a range of numbers. */
    public static final int FIRST = CONNECT;
    public static final int LAST = AUTHENTICATE;

    /** A zero-length payload: the request of COMMIT, ROLLBACK, PING and CANCEL, and every empty response. */
    public static final byte[] EMPTY = new byte[0];

    private ClientMethods() {
    }

    /** The constant's name for a method number, or {@code "method N"} for any other number: for messages. */
    public static String name(int method) {
        return switch (method) {
            case CONNECT -> "CONNECT";
            case EXECUTE -> "EXECUTE";
            case PREPARE -> "PREPARE";
            case EXECUTE_PREPARED -> "EXECUTE_PREPARED";
            case EXECUTE_BATCH -> "EXECUTE_BATCH";
            case FETCH -> "FETCH";
            case CLOSE_CURSOR -> "CLOSE_CURSOR";
            case CLOSE_STATEMENT -> "CLOSE_STATEMENT";
            case COMMIT -> "COMMIT";
            case ROLLBACK -> "ROLLBACK";
            case SET_SESSION -> "SET_SESSION";
            case PING -> "PING";
            case CANCEL -> "CANCEL";
            case AUTHENTICATE -> "AUTHENTICATE";
            default -> "method " + method;
        };
    }
}
