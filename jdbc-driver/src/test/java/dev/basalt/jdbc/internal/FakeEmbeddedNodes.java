package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.jdbc.spi.EmbeddedNode;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded-node provider for the driver's own tests: it opens nothing and hands out the
 * address of the {@link FakeNode} a test sets, recording every open and release. Found by
 * ServiceLoader only through the class loader {@link EmbeddedConnectTest} installs.
 */
public final class FakeEmbeddedNodes implements EmbeddedNodes {
    record Open(EmbeddedLocation location, Map<String, String> options) {
    }

    static volatile FakeNode target;
    static final List<Open> OPENS = new ArrayList<>();
    static final AtomicInteger RELEASES = new AtomicInteger();

    static synchronized void reset(FakeNode node) {
        target = node;
        OPENS.clear();
        RELEASES.set(0);
    }

    @Override
    public EmbeddedNode open(EmbeddedLocation location, Map<String, String> options) {
        synchronized (FakeEmbeddedNodes.class) {
            OPENS.add(new Open(location, Map.copyOf(options)));
        }
        FakeNode node = target;
        return new EmbeddedNode() {
            @Override
            public String host() {
                return node.address().host();
            }

            @Override
            public int port() {
                return node.address().port();
            }

            @Override
            public void release() {
                RELEASES.incrementAndGet();
            }
        };
    }

    static synchronized List<Open> opens() {
        return new ArrayList<>(OPENS);
    }
}
