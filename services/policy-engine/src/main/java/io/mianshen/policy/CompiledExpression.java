package io.mianshen.policy;

import dev.cel.common.types.CelType;
import dev.cel.runtime.CelRuntime;
import java.util.Set;

/**
 * A checked CEL expression ready to run, with what it reads.
 *
 * @param name      its name in the policy (clause id, derived name, {@code amount})
 * @param text      the source
 * @param program   the runnable program
 * @param variables every variable it names: facts, {@code params.*}, {@code derived.*}
 * @param functions the fact functions it calls
 * @param type      its checked result type
 */
record CompiledExpression(
        String name,
        String text,
        CelRuntime.Program program,
        Set<String> variables,
        Set<PolicyLanguage.FactFunction> functions,
        CelType type) {}
