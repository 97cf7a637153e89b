package dev.ferret.collect.windows;

import dev.ferret.os.windows.WindowsException;
import dev.ferret.os.windows.WmiSubscription;

import java.util.List;

/** Permanent WMI event subscriptions. */
public interface WmiSource {
    List<WmiSubscription> subscriptions() throws WindowsException;
}
