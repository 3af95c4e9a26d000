package dev.consent.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.consent.CollectionContext;
import dev.consent.ConsentLedger;
import dev.consent.ConsentListener;
import dev.consent.ConsentReports;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Enforcer;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import dev.consent.TransactionalLedger;
import dev.consent.spi.StoreTransaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every public method of the ledger, the enforcer, the registry and the system rejects a {@code null}
 * argument with an exception naming that argument, and writes nothing. The methods are found by
 * reflection, so a new method without an entry in {@link #PARAMETER_NAMES} fails this suite.
 */
public abstract class NullArgumentsContract extends BehaviourContract {
    /** Parameter names by method signature, as in the API's Javadoc. */
    private static final Map<String, List<String>> PARAMETER_NAMES = Map.ofEntries(
            Map.entry("record(Interaction)", List.of("interaction")),
            Map.entry("grant(String,String,CollectionContext)", List.of("subject", "purposeId", "context")),
            Map.entry("deny(String,String,CollectionContext)", List.of("subject", "purposeId", "context")),
            Map.entry("withdraw(String,String,CollectionContext)", List.of("subject", "purposeId", "context")),
            Map.entry("object(String,String,CollectionContext)", List.of("subject", "purposeId", "context")),
            Map.entry("withdrawObjection(String,String,CollectionContext)", List.of("subject", "purposeId", "context")),
            Map.entry("grantGroup(String,String,CollectionContext)", List.of("subject", "group", "context")),
            Map.entry("denyGroup(String,String,CollectionContext)", List.of("subject", "group", "context")),
            Map.entry("withdrawGroup(String,String,CollectionContext)", List.of("subject", "group", "context")),
            Map.entry("link(String,String,CollectionContext)", List.of("anonymousId", "accountId", "context")),
            Map.entry("links(String)", List.of("subject")),
            Map.entry(
                    "honourOptOutSignal(String,OptOutSignal,CollectionContext)",
                    List.of("subject", "signal", "context")),
            Map.entry("requireIn(String,String,String)", List.of("subject", "purposeId", "jurisdiction")),
            Map.entry("checkIn(String,String,String)", List.of("subject", "purposeId", "jurisdiction")),
            Map.entry(
                    "checkIn(String,String,String,Consistency)",
                    List.of("subject", "purposeId", "jurisdiction", "consistency")),
            Map.entry("checkAllIn(Collection,String,String)", List.of("subjects", "purposeId", "jurisdiction")),
            Map.entry("filterAllowedIn(Collection,String,String)", List.of("subjects", "purposeId", "jurisdiction")),
            Map.entry(
                    "checkAtIn(String,String,Instant,String)",
                    List.of("subject", "purposeId", "instant", "jurisdiction")),
            Map.entry("erase(String,CollectionContext)", List.of("subject", "context")),
            Map.entry("markDeceased(String,CollectionContext)", List.of("subject", "context")),
            Map.entry("stateAge(String,AgeStatement,CollectionContext)", List.of("subject", "statement", "context")),
            Map.entry("tombstones(long,int)", List.of("afterPosition", "limit")),
            Map.entry("reapplyErasures(Collection,CollectionContext)", List.of("tombstones", "context")),
            Map.entry("transparency(Instant,Instant)", List.of("from", "to")),
            Map.entry("currentState(String)", List.of("subject")),
            Map.entry("stateAt(String,Instant)", List.of("subject", "instant")),
            Map.entry("export(String)", List.of("subject")),
            Map.entry("history(String)", List.of("subject")),
            Map.entry("findRecord(UUID)", List.of("recordId")),
            Map.entry("proveInclusion(UUID,long)", List.of("recordId", "treeSize")),
            Map.entry("proveConsistency(long,long)", List.of("earlierSize", "laterSize")),
            Map.entry("verify(Checkpoint,LongConsumer)", List.of("checkpoint", "progress")),
            Map.entry("verify(Checkpoint)", List.of("checkpoint")),
            Map.entry("evidence(String)", List.of("subject")),
            Map.entry("verify(String)", List.of("subject")),
            Map.entry("require(String,String)", List.of("subject", "purposeId")),
            Map.entry("require(String,String,Consistency)", List.of("subject", "purposeId", "consistency")),
            Map.entry("check(String,String)", List.of("subject", "purposeId")),
            Map.entry("check(String,String,Consistency)", List.of("subject", "purposeId", "consistency")),
            Map.entry("checkAt(String,String,Instant)", List.of("subject", "purposeId", "instant")),
            Map.entry("checkAll(Collection,String)", List.of("subjects", "purposeId")),
            Map.entry("filterAllowed(Collection,String)", List.of("subjects", "purposeId")),
            Map.entry("allows(String)", List.of("purposeId")),
            Map.entry("require(String,String,String)", List.of("subject", "purposeId", "recipient")),
            Map.entry(
                    "require(String,String,String,Consistency)",
                    List.of("subject", "purposeId", "recipient", "consistency")),
            Map.entry("check(String,String,String)", List.of("subject", "purposeId", "recipient")),
            Map.entry(
                    "check(String,String,String,Consistency)",
                    List.of("subject", "purposeId", "recipient", "consistency")),
            Map.entry("checkAt(String,String,String,Instant)", List.of("subject", "purposeId", "recipient", "instant")),
            Map.entry("checkAll(Collection,String,String)", List.of("subjects", "purposeId", "recipient")),
            Map.entry("filterAllowed(Collection,String,String)", List.of("subjects", "purposeId", "recipient")),
            Map.entry("allows(String,String)", List.of("purposeId", "recipient")),
            Map.entry("define(Purpose)", List.of("purpose")),
            Map.entry("find(String)", List.of("purposeId")),
            Map.entry("get(String)", List.of("purposeId")),
            Map.entry("find(String,int)", List.of("purposeId", "version")),
            Map.entry("versions(String)", List.of("purposeId")),
            Map.entry("group(String)", List.of("group")),
            Map.entry("subscribe(ConsentListener)", List.of("listener")),
            Map.entry("invalidate(String)", List.of("subject")),
            Map.entry("invalidate(Request)", List.of("request")),
            Map.entry("lift(UUID,Actor,String)", List.of("invalidationId", "actor", "reason")),
            Map.entry("inTransaction(StoreTransaction)", List.of("transaction")),
            Map.entry("rolledBackTo(Object)", List.of("savepoint")));

    /** A transaction every call of which fails: a null argument must be rejected before the transaction is used. */
    private static final StoreTransaction UNUSABLE_TRANSACTION = (StoreTransaction) Proxy.newProxyInstance(
            StoreTransaction.class.getClassLoader(), new Class<?>[] {StoreTransaction.class}, (proxy, method, args) -> {
                throw new AssertionError("the transaction was used: " + method.getName());
            });

    @Test
    void everyPublicMethod_rejectsNullArguments_namingTheArgument() throws Exception {
        ConsentSystem cs = system();
        Fixtures.defineStandard(cs.purposes());
        long head = cs.ledger().headPosition();
        List<String> failures = new ArrayList<>();
        int nullsTried = 0;

        Map<Class<?>, Object> apis = Map.of(
                ConsentLedger.class,
                cs.ledger(),
                Enforcer.class,
                cs.enforcer(),
                PurposeRegistry.class,
                cs.purposes(),
                ConsentSystem.class,
                cs,
                ConsentReports.class,
                cs.reports(),
                TransactionalLedger.class,
                cs.ledger().inTransaction(UNUSABLE_TRANSACTION));
        for (Map.Entry<Class<?>, Object> entry : apis.entrySet()) {
            Class<?> api = entry.getKey();
            Object target = entry.getValue();
            for (Method m : api.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())
                        || m.getDeclaringClass() == Object.class
                        || m.getParameterCount() == 0) {
                    continue;
                }
                String signature = signature(m);
                List<String> names = PARAMETER_NAMES.get(signature);
                if (names == null) {
                    failures.add(
                            api.getSimpleName() + "." + signature + ": no parameter names in this suite; add them");
                    continue;
                }
                for (int i = 0; i < m.getParameterCount(); i++) {
                    if (m.getParameterTypes()[i].isPrimitive()) {
                        continue;
                    }
                    nullsTried++;
                    Object[] args = validArguments(m);
                    args[i] = null;
                    String call = api.getSimpleName() + "." + signature + " with null " + names.get(i);
                    try {
                        m.invoke(target, args);
                        failures.add(call + ": returned normally");
                    } catch (InvocationTargetException e) {
                        Throwable t = e.getCause();
                        boolean rightType = t instanceof NullPointerException || t instanceof InvalidInputException;
                        if (!rightType
                                || t.getMessage() == null
                                || !t.getMessage().contains(names.get(i))) {
                            failures.add(call + ": threw " + t);
                        }
                    }
                }
            }
        }

        assertThat(nullsTried).isGreaterThan(40);
        if (!failures.isEmpty()) {
            fail(failures.size() + " null argument(s) handled badly:\n" + String.join("\n", failures));
        }
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void nullInsideACollectionOfSubjects_isRejected_namingItsIndex() {
        ConsentSystem cs = system();
        Fixtures.defineStandard(cs.purposes());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> cs.enforcer().checkAll(Arrays.asList("user-1", null), Fixtures.EMAIL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subjects[1]");
    }

    private static String signature(Method m) {
        return m.getName()
                + Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(",", "(", ")"));
    }

    private static Object[] validArguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = validValue(types[i], m.getName(), i);
        }
        return args;
    }

    private static Object validValue(Class<?> type, String method, int index) {
        if (type == String.class) {
            if (method.equals("group") || (method.endsWith("Group") && index == 1)) {
                return "marketing";
            }
            boolean recipient = (index == 2
                            && List.of("check", "require", "checkAt", "checkAll", "filterAllowed")
                                    .contains(method))
                    || (index == 1 && method.equals("allows"));
            if (recipient) {
                return Fixtures.MAILER;
            }
            boolean purposeFirst = List.of("allows", "find", "get", "versions").contains(method);
            return index == 0 && !purposeFirst ? "null-test-subject" : Fixtures.EMAIL;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == CollectionContext.class) {
            return Fixtures.WEB;
        }
        if (type == Interaction.class) {
            return Interaction.builder("null-test-subject")
                    .context(Fixtures.WEB)
                    .grant(Fixtures.EMAIL)
                    .build();
        }
        if (type == Instant.class) {
            return index == 0 ? Fixtures.START : Fixtures.START.plusSeconds(1);
        }
        if (type == Consistency.class) {
            return Consistency.cached();
        }
        if (type == dev.consent.OptOutSignal.class) {
            return dev.consent.OptOutSignal.GPC;
        }
        if (type == Collection.class) {
            return List.of("null-test-subject");
        }
        if (type == Purpose.class) {
            return Fixtures.email();
        }
        if (type == StoreTransaction.class) {
            return UNUSABLE_TRANSACTION;
        }
        if (type == Object.class) {
            return new Object();
        }
        if (type == ConsentListener.class) {
            return (ConsentListener) change -> {};
        }
        if (type == java.util.UUID.class) {
            return new java.util.UUID(0, 1);
        }
        if (type == dev.consent.Actor.class) {
            return dev.consent.Actor.operator("null-test-operator");
        }
        if (type == dev.consent.Invalidation.Request.class) {
            return dev.consent.Invalidation.builder()
                    .collectionPoint("null-test-form")
                    .by("null-test-operator")
                    .because("null test")
                    .build();
        }
        if (type == dev.consent.AgeStatement.class) {
            return dev.consent.AgeStatement.atLeast(18, "EU");
        }
        if (type == dev.consent.merkle.Checkpoint.class) {
            return new dev.consent.merkle.Checkpoint("null-test/ledger", 0, dev.consent.merkle.TreeHashes.EMPTY_ROOT);
        }
        if (type == java.util.function.LongConsumer.class) {
            return (java.util.function.LongConsumer) read -> {};
        }
        throw new IllegalArgumentException("no valid value for " + type + " in " + method);
    }
}
