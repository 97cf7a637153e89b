package dev.ferret.os.windows;

import com.sun.jna.platform.win32.COM.COMUtils;
import com.sun.jna.platform.win32.COM.WbemcliUtil;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.WinNT;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Permanent WMI event subscriptions (root\subscription): filters, command-line and script consumers, and the
 * bindings that join them (T1546.003). Queries through COM with a timeout; read-only.
 */
public final class WmiSubscriptions {
    private static final String NAMESPACE = "ROOT\\subscription";
    private static final int TIMEOUT_MS = 20_000;
    private static final int RPC_E_CHANGED_MODE = 0x80010106;
    private static final int RPC_E_TOO_LATE = 0x80010119;

    /** __EventFilter properties. */
    enum Filter { Name, Query }

    /** CommandLineEventConsumer properties. */
    enum CommandConsumer { Name, CommandLineTemplate, ExecutablePath }

    /** ActiveScriptEventConsumer properties. */
    enum ScriptConsumer { Name, ScriptText, ScriptFileName }

    /** __FilterToConsumerBinding properties. */
    enum Binding { Filter, Consumer }

    private WmiSubscriptions() {
    }

    public static List<WmiSubscription> list() throws WindowsException {
        Windows.require();
        WinNT.HRESULT init = Ole32.INSTANCE.CoInitializeEx(null, Ole32.COINIT_MULTITHREADED);
        boolean uninit = COMUtils.SUCCEEDED(init);
        if (!uninit && init.intValue() != RPC_E_CHANGED_MODE) {
            throw new WindowsException("CoInitializeEx", init.intValue());
        }
        try {
            WinNT.HRESULT security = Ole32.INSTANCE.CoInitializeSecurity(null, -1, null, null, 0 /* default */,
                    3 /* RPC_C_IMP_LEVEL_IMPERSONATE */, null, 0 /* EOAC_NONE */, null);
            if (COMUtils.FAILED(security) && security.intValue() != RPC_E_TOO_LATE) {
                throw new WindowsException("CoInitializeSecurity", security.intValue());
            }
            List<WmiSubscription> out = new ArrayList<>();
            WbemcliUtil.WmiResult<Filter> filters = query("__EventFilter", Filter.class);
            for (int i = 0; i < filters.getResultCount(); i++) {
                out.add(new WmiSubscription("__EventFilter", text(filters.getValue(Filter.Name, i)),
                        text(filters.getValue(Filter.Query, i))));
            }
            WbemcliUtil.WmiResult<CommandConsumer> commands = query("CommandLineEventConsumer", CommandConsumer.class);
            for (int i = 0; i < commands.getResultCount(); i++) {
                String template = text(commands.getValue(CommandConsumer.CommandLineTemplate, i));
                String exe = text(commands.getValue(CommandConsumer.ExecutablePath, i));
                out.add(new WmiSubscription("CommandLineEventConsumer", text(commands.getValue(CommandConsumer.Name, i)),
                        template != null && !template.isEmpty() ? template : exe));
            }
            WbemcliUtil.WmiResult<ScriptConsumer> scripts = query("ActiveScriptEventConsumer", ScriptConsumer.class);
            for (int i = 0; i < scripts.getResultCount(); i++) {
                String file = text(scripts.getValue(ScriptConsumer.ScriptFileName, i));
                out.add(new WmiSubscription("ActiveScriptEventConsumer", text(scripts.getValue(ScriptConsumer.Name, i)),
                        file != null && !file.isEmpty() ? file : text(scripts.getValue(ScriptConsumer.ScriptText, i))));
            }
            WbemcliUtil.WmiResult<Binding> bindings = query("__FilterToConsumerBinding", Binding.class);
            for (int i = 0; i < bindings.getResultCount(); i++) {
                out.add(new WmiSubscription("__FilterToConsumerBinding", null,
                        text(bindings.getValue(Binding.Filter, i)) + " -> " + text(bindings.getValue(Binding.Consumer, i))));
            }
            return out;
        } finally {
            if (uninit) {
                Ole32.INSTANCE.CoUninitialize();
            }
        }
    }

    private static <T extends Enum<T>> WbemcliUtil.WmiResult<T> query(String cls, Class<T> properties)
            throws WindowsException {
        try {
            return new WbemcliUtil.WmiQuery<>(NAMESPACE, cls, properties).execute(TIMEOUT_MS);
        } catch (TimeoutException e) {
            throw new WindowsException("WMI query " + cls + " timed out", 0x80041032 /* WBEM_E_CALL_CANCELLED */);
        } catch (RuntimeException e) {
            throw new WindowsException("WMI query " + cls + ": " + e.getMessage(), 0x80041001 /* WBEM_E_FAILED */);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
