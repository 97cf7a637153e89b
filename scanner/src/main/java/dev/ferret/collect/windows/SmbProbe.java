package dev.ferret.collect.windows;

import dev.ferret.model.windows.ProbeResult;

/** Asks the host's own SMB server whether a DoublePulsar implant answers. */
public interface SmbProbe {
    ProbeResult probe();
}
