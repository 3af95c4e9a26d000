package dev.consent.testkit.behaviour;

import dev.consent.spi.ConsentStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * A store whose every call goes to a target the test can switch, as when a database is restored from an
 * older backup under running applications. Built as a proxy of the SPI, so that it forwards every method
 * the SPI has or gains.
 */
final class SwitchableStore {
    private volatile ConsentStore target;

    SwitchableStore(ConsentStore target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Sends every call from now on to {@code next}. */
    void switchTo(ConsentStore next) {
        this.target = Objects.requireNonNull(next, "next");
    }

    /** The store to hand to a system; each call goes to the target of the moment. */
    ConsentStore store() {
        return (ConsentStore) Proxy.newProxyInstance(
                ConsentStore.class.getClassLoader(), new Class<?>[] {ConsentStore.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(this, args);
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
