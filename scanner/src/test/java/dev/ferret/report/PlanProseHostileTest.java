package dev.ferret.report;

import dev.ferret.respond.PlanOutput;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.Platform;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.plan.StepKind;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response plan's prose (targets, reasons, refusals, notes, the host name) reaches the terminal escaped,
 * whatever bytes the host put in the names. (Its shell commands are quoted by the plan itself, not here.)
 */
class PlanProseHostileTest {
    @RepeatedTest(100)
    void planProseHoldsNoRawControlOrBidiCharacter(RepetitionInfo info) {
        Random random = new Random(0x13_0000L + info.getCurrentRepetition());
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StepKind kind = StepKind.values()[random.nextInt(StepKind.values().length)];
            steps.add(new Step("s" + i, kind, List.of("c1"), List.of("rule"), "because " + TextSinkHostileTest.hostile(random),
                    "/" + TextSinkHostileTest.hostile(random), null, null,
                    random.nextBoolean() ? "refused: " + TextSinkHostileTest.hostile(random) : null, random.nextBoolean(),
                    null));
        }
        Plan plan = new Plan(Platform.LINUX, TextSinkHostileTest.hostile(random), "/", true, Instant.EPOCH, "scan",
                List.of("c1"), steps, List.of("note " + TextSinkHostileTest.hostile(random)));
        String text = new PlanOutput().text(plan);
        for (String line : text.split("\n", -1)) {
            assertTrue(line.codePoints().noneMatch(Printable::unsafe), Printable.text(line));
        }
    }
}
