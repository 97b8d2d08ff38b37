package dev.plumb.io;

/** The version of Plumb, as model files, run records and {@code plumb --version} state it. */
public final class PlumbVersion {

    public static final String VERSION = "0.1.0";

    private PlumbVersion() {
    }
}
