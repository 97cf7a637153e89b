package dev.ferret.model.windows;

/** Does the file a module's image section maps agree with the loader's path, and is it on disk? */
public enum MappingState {
    /** The section maps the file the loader names. */
    MATCHES,
    /** The section maps another file than the loader names (hollowing, doppelgänging, a swapped DLL). */
    DIFFERS,
    /** The named file cannot be read from disk any more (deleted or replaced since it was loaded). */
    FILE_MISSING,
    /** Not determinable (no mapped name, short 8.3 names). */
    UNKNOWN
}
