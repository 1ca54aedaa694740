package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one address and answers RPC requests with an {@link RpcHandler}. One acceptor thread
 * takes connections; {@code min(4, cores)} I/O threads read requests, call the handler and write
 * answers. Each connection starts with the HELLO exchange described in the package documentation.
 *
 * <p>{@link #close} stops accepting, closes every connection (their clients fail the calls still
 * waiting), and stops the threads. It must not be called from the server's own I/O threads.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    static final int IO_THREADS_MAX = 4;
    /** Bounds binding at start and each stage of close. */
    static final long STARTUP_AND_CLOSE_WAIT_MS = 5_000;
    static final int ACCEPT_BACKLOG = 1_024;

    private final String name;
    private final HostPort address;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final Channel listener;
    private final Set<Channel> connections;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RpcServer(String name, HostPort address, EventLoopGroup acceptGroup, EventLoopGroup ioGroup,
            Channel listener, Set<Channel> connections) {
        this.name = name;
        this.address = address;
        this.acceptGroup = acceptGroup;
        this.ioGroup = ioGroup;
        this.listener = listener;
        this.connections = connections;
    }

    /**
     * Binds {@code listen} (port 0 picks an ephemeral port) and starts answering. {@code name}
     * prefixes log lines and thread names, for example {@code n1-rpc-io-…}. Fails with
     * {@link ErrorCode#INVALID_STATE} if the address cannot be bound.
     */
    public static RpcServer start(String name, HostPort listen, RpcHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return startPerConnection(name, listen, () -> handler, null);
    }

    /** {@link #startPerConnection(String, HostPort, java.util.function.Supplier, ServerTls)} without TLS. */
    public static RpcServer startPerConnection(String name, HostPort listen, java.util.function.Supplier<RpcHandler> handlers) {
        return startPerConnection(name, listen, handlers, null);
    }

    /**
     * Like {@link #start}, with a handler made for each accepted connection by {@code handlers}:
     * state that belongs to one connection (a client's session) lives in its handler. A handler
     * that is {@link AutoCloseable} is closed when its connection closes, however it closes.
     * {@code tls} (may be null: plaintext only) lets a connection that opens with a TLS handshake be
     * encrypted, while plaintext connections are still accepted on the same port.
     */
    public static RpcServer startPerConnection(String name, HostPort listen, java.util.function.Supplier<RpcHandler> handlers,
            ServerTls tls) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(handlers, "handlers");
        int ioThreads = Math.min(IO_THREADS_MAX, Runtime.getRuntime().availableProcessors());
        EventLoopGroup acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-rpc-accept", true));
        EventLoopGroup ioGroup = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory(name + "-rpc-io", true));
        Set<Channel> connections = ConcurrentHashMap.newKeySet();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.closeFuture().addListener(closedFuture -> connections.remove(channel));
                        RpcFrameCodec.install(channel.pipeline(), RpcProtocol.FRAME_BYTES_MAX);
                        if (tls != null) {
                            tls.install(channel.pipeline()); // first, in front of the framing
                        }
                        channel.pipeline().addLast("rpc", new ServerConnection(name, handlers.get(), tls != null));
                    }
                });
        ChannelFuture binding = bootstrap.bind(listen.toSocketAddress());
        if (!binding.awaitUninterruptibly(STARTUP_AND_CLOSE_WAIT_MS) || !binding.isSuccess()) {
            String cause = binding.isDone() ? RpcProtocol.describe(binding.cause())
                    : "not bound within " + STARTUP_AND_CLOSE_WAIT_MS + " ms";
            binding.channel().close();
            shutDown(name, List.of(acceptGroup, ioGroup), System.nanoTime() + millisToNanos(STARTUP_AND_CLOSE_WAIT_MS));
            throw new BasaltException(ErrorCode.INVALID_STATE, name + ": cannot listen for RPC on " + listen + ": " + cause);
        }
        Channel listener = binding.channel();
        InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
        HostPort address = new HostPort(listen.host(), bound.getPort());
        log.info("{}: listening for RPC on {} with {} I/O threads{}", name, address, ioThreads,
                tls == null ? "" : "; TLS or plaintext (" + tls + ")");
        return new RpcServer(name, address, acceptGroup, ioGroup, listener, connections);
    }

    /** The bound address: the requested host and the actual port. */
    public HostPort address() {
        return address;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadlineNanos = System.nanoTime() + millisToNanos(STARTUP_AND_CLOSE_WAIT_MS);
        listener.close().awaitUninterruptibly(remainingMillis(deadlineNanos));
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel connection : connections) {
            closing.add(connection.close());
        }
        for (ChannelFuture future : closing) {
            future.awaitUninterruptibly(remainingMillis(deadlineNanos));
        }
        shutDown(name, List.of(acceptGroup, ioGroup), deadlineNanos);
        log.info("{}: stopped listening for RPC on {}; closed {} connections", name, address, closing.size());
    }

    @Override
    public String toString() {
        return "RpcServer[" + name + " on " + address + "]";
    }

    private static void shutDown(String name, List<EventLoopGroup> groups, long deadlineNanos) {
        List<Future<?>> terminations = new ArrayList<>();
        for (EventLoopGroup group : groups) {
            // No quiet period: every connection is closed already, nothing more is expected to arrive.
            terminations.add(group.shutdownGracefully(0, remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS));
        }
        for (Future<?> termination : terminations) {
            if (!termination.awaitUninterruptibly(remainingMillis(deadlineNanos))) {
                log.warn("{}: RPC server threads did not stop within {} ms", name, STARTUP_AND_CLOSE_WAIT_MS);
                return;
            }
        }
    }

    static long millisToNanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Milliseconds left until {@code deadlineNanos}, at least 1 so that an await still polls once. */
    static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
