package dev.basalt.range.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * range-store's public API (the packages {@code dev.basalt.range} and {@code
 * dev.basalt.range.store}) names no Ratis or RocksDB type in any public or protected signature:
 * callers program against Basalt's types, and the libraries stay replaceable behind them.
 */
class PublicApiTest {
    private static final List<String> HIDDEN = List.of("org.apache.ratis.", "org.rocksdb.");

    @Test
    void publicSignaturesNameNoRatisOrRocksDbType() throws Exception {
        List<Class<?>> api = new ArrayList<>();
        api.addAll(classesOf("dev.basalt.range"));
        api.addAll(classesOf("dev.basalt.range.store"));
        assertTrue(api.size() > 10, "found only " + api.size() + " API classes");
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : api) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(c.getName() + " implements", t, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (exposed(f.getModifiers())) {
                    check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                checkExecutable(c.getName() + ".<init>", k, leaks);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic()) {
                    checkExecutable(c.getName() + "." + m.getName(), m, leaks);
                    if (exposed(m.getModifiers())) {
                        check(c.getName() + "." + m.getName() + " returns", m.getGenericReturnType(), leaks);
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkExecutable(String where, Executable e, List<String> leaks) {
        if (!exposed(e.getModifiers())) {
            return;
        }
        for (Type t : e.getGenericParameterTypes()) {
            check(where + " takes", t, leaks);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            check(where + " throws", t, leaks);
        }
    }

    private static void check(String where, Type type, List<String> leaks) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            Class<?> base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            String name = base.getName();
            if (HIDDEN.stream().anyMatch(name::startsWith)) {
                leaks.add(where + " " + name);
            }
        } else if (type instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, leaks);
            }
        } else if (type instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), leaks);
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(where, b, leaks);
            }
            for (Type b : w.getLowerBounds()) {
                check(where, b, leaks);
            }
        }
    }

    /** The classes compiled into {@code pkg} (not its subpackages), nested ones included. */
    private static List<Class<?>> classesOf(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(RangeStore.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(pkg.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String simple = f.getFileName().toString().replace(".class", "");
                if (!simple.equals("package-info")) {
                    out.add(Class.forName(pkg + "." + simple, false, PublicApiTest.class.getClassLoader()));
                }
            }
        }
        return out;
    }
}
