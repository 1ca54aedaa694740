package dev.basalt.jdbc.internal;

/** The driver's name and version, as Driver and DatabaseMetaData report them. */
public final class DriverVersion {
    public static final String NAME = "Basalt JDBC Driver";
    public static final int MAJOR = 0;
    public static final int MINOR = 1;
    public static final String TEXT = MAJOR + "." + MINOR + ".0";
    /** The JDBC version the driver implements (DatabaseMetaData.getJDBC*Version). */
    public static final int JDBC_MAJOR = 4;
    public static final int JDBC_MINOR = 2;

    private DriverVersion() {
    }
}
