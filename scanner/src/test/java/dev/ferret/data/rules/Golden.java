package dev.ferret.data.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test as the golden test of rule ids: it builds a fixture (a tree, a recording, a snapshot), runs the
 * detectors, and asserts the rule's finding with its evidence. {@link GoldenCoverageTest} requires one for every
 * declared rule id.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Golden {
    String[] value();
}
