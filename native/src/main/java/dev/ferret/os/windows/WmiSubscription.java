package dev.ferret.os.windows;

/**
 * One object of a permanent WMI event subscription (root\subscription): a filter, a consumer or a binding.
 *
 * @param wmiClass __EventFilter, CommandLineEventConsumer, ActiveScriptEventConsumer, __FilterToConsumerBinding
 * @param text     the query (filter), command line template (command consumer), script text or file (script
 *                 consumer), or "filter -> consumer" (binding)
 */
public record WmiSubscription(String wmiClass, String name, String text) {
}
