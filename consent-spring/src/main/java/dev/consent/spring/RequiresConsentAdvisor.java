package dev.consent.spring;

import dev.consent.Enforcer;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The Spring AOP advisor of {@link RequiresConsent}: matches the methods that carry the annotation (on the
 * method of the bean's class, or on a method it overrides or implements) and, before each call, evaluates the
 * subject expression against the call's arguments and calls the enforcer's {@code require}. Proxy-based: needs no
 * AspectJ weaver; any auto-proxy creator applies it (the auto-configuration registers one).
 *
 * <p>Subject expressions are parsed when a bean's method is first matched, at start-up, so a malformed
 * expression fails the start, naming the method and the expression. Each call evaluates the expression once
 * (SpEL with the method's parameters as variables, see {@link RequiresConsent#subject()}); an expression that
 * fails, or gives {@code null} or a value of another type than a {@code String}, a number or a {@code UUID},
 * throws {@link IllegalStateException} naming the method and the expression, and the method does not run.
 * Thread-safe.
 */
public final class RequiresConsentAdvisor extends StaticMethodMatcherPointcutAdvisor {
    private final Map<Method, Rule> rules = new ConcurrentHashMap<>();
    private final SpelExpressionParser parser = new SpelExpressionParser();
    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    /**
     * @param enforcer gives the enforcer that decides, asked at the first call (so that the enforcer's system may
     *     be created after this advisor)
     */
    public RequiresConsentAdvisor(Supplier<? extends Enforcer> enforcer) {
        Objects.requireNonNull(enforcer, "enforcer");
        Lazy lazy = new Lazy(enforcer);
        setAdvice((MethodInterceptor) invocation -> {
            Rule rule = rule(invocation);
            String subject = rule.subject(invocation.getArguments(), names);
            if (rule.recipient.isEmpty()) {
                lazy.get().require(subject, rule.purpose);
            } else {
                lazy.get().require(subject, rule.purpose, rule.recipient);
            }
            return invocation.proceed();
        });
    }

    /** The enforcer, asked for once it is first needed. */
    private static final class Lazy {
        private final Supplier<? extends Enforcer> supplier;
        private volatile @Nullable Enforcer enforcer;

        Lazy(Supplier<? extends Enforcer> supplier) {
            this.supplier = supplier;
        }

        Enforcer get() {
            Enforcer e = enforcer;
            if (e == null) {
                e = Objects.requireNonNull(supplier.get(), "the enforcer supplier gave null");
                enforcer = e;
            }
            return e;
        }
    }

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        return rule(specific(method, targetClass)) != null;
    }

    private Rule rule(MethodInvocation invocation) {
        Object target = invocation.getThis();
        Method method = invocation.getMethod();
        Rule rule =
                rule(specific(method, target == null ? method.getDeclaringClass() : AopUtils.getTargetClass(target)));
        if (rule == null) {
            throw new IllegalStateException(
                    "@RequiresConsent advice called for " + describe(method) + ", which carries no @RequiresConsent");
        }
        return rule;
    }

    private static Method specific(Method method, Class<?> targetClass) {
        return BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
    }

    /** The parsed annotation of {@code method}, or null; parsed once. */
    private @Nullable Rule rule(Method method) {
        Rule rule = rules.get(method);
        if (rule != null) {
            return rule;
        }
        RequiresConsent annotation = AnnotatedElementUtils.findMergedAnnotation(method, RequiresConsent.class);
        if (annotation == null) {
            return null;
        }
        return rules.computeIfAbsent(method, m -> parse(m, annotation));
    }

    private Rule parse(Method method, RequiresConsent annotation) {
        String source = annotation.subject();
        if (source.isBlank()) {
            throw new IllegalStateException(
                    "@RequiresConsent on " + describe(method) + ": the subject expression is blank");
        }
        Expression expression;
        try {
            expression = parser.parseExpression(source);
        } catch (ExpressionException e) {
            throw new IllegalStateException(
                    "@RequiresConsent on " + describe(method) + ": subject expression '" + source
                            + "' cannot be parsed: " + e.getMessage(),
                    e);
        }
        return new Rule(method, annotation.purpose(), annotation.recipient(), source, expression);
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName()
                + Arrays.stream(method.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    /** One annotated method: its purpose, recipient and parsed subject expression. */
    private record Rule(Method method, String purpose, String recipient, String source, Expression expression) {
        String subject(@Nullable Object[] arguments, ParameterNameDiscoverer names) {
            Object value;
            try {
                value = expression.getValue(new MethodBasedEvaluationContext(null, method, arguments, names));
            } catch (ExpressionException e) {
                throw failure("failed: " + e.getMessage() + hint(names), e);
            }
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof CharSequence || value instanceof Number || value instanceof UUID) {
                return value.toString();
            }
            throw failure(
                    value == null
                            ? "gave null" + hint(names)
                            : "gave a " + value.getClass().getName() + ", not a subject id (String, number or UUID)",
                    null);
        }

        /** Why a named parameter may be missing: the class was compiled without parameter names. */
        private String hint(ParameterNameDiscoverer names) {
            return method.getParameterCount() > 0 && names.getParameterNames(method) == null
                    ? " (the parameter names are not in the class file: compile with -parameters, or name them"
                            + " #p0, #p1...)"
                    : "";
        }

        private IllegalStateException failure(String what, @Nullable Throwable cause) {
            return new IllegalStateException(
                    "@RequiresConsent on " + describe(method) + ": subject expression '" + source + "' " + what, cause);
        }
    }
}
