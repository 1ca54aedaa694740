package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of DESIGN section 1, checked on the sources of every module: no package
 * cycles, no module reaching into another's {@code internal} package, and Ratis, RocksDB and Netty
 * used only by the module that wraps each. A reference is any qualified name {@code
 * dev.basalt.x.y.Type} in an import or in code; comments and string literals are not code.
 */
class ArchitectureTest {
    /** Libraries and the only modules allowed to name them. */
    private static final Map<String, Set<String>> LIBRARY_OWNERS = Map.of(
            "org.apache.ratis", Set.of("range-store"),
            "org.rocksdb", Set.of("range-store"),
            "io.netty", Set.of("common"));
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern BASALT_NAME = Pattern.compile("\\b(dev\\.basalt(?:\\.[a-z_][a-z0-9_]*)+)\\.(?:[A-Z*])");

    private static final Map<String, String> moduleOf = new TreeMap<>();
    private static final Map<String, Set<String>> dependsOn = new TreeMap<>();
    private static final List<String> libraryUses = new ArrayList<>();

    @BeforeAll
    static void scan() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> read(module.getFileName().toString(), f));
                }
            }
        }
        assertTrue(moduleOf.size() > 20, "scanned too few packages (" + moduleOf.size() + ") from " + repo);
    }

    private static void read(String module, Path file) {
        String code;
        try {
            code = code(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher p = PACKAGE.matcher(code);
        if (!p.find()) {
            return;
        }
        String pkg = p.group(1);
        moduleOf.put(pkg, module);
        Set<String> deps = dependsOn.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = BASALT_NAME.matcher(code);
        while (m.find()) {
            if (!m.group(1).equals(pkg)) {
                deps.add(m.group(1));
            }
        }
        for (Map.Entry<String, Set<String>> lib : LIBRARY_OWNERS.entrySet()) {
            if (code.contains(lib.getKey() + ".") && !lib.getValue().contains(module)) {
                libraryUses.add(module + ": " + file.getFileName() + " uses " + lib.getKey());
            }
        }
    }

    /** The source without comments, and with every string or character literal emptied. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternalPackage() {
        List<String> violations = new ArrayList<>();
        dependsOn.forEach((pkg, deps) -> deps.stream()
                .filter(d -> (d.endsWith(".internal") || d.contains(".internal.")) && !moduleOf.get(pkg).equals(moduleOf.get(d)))
                .forEach(d -> violations.add(pkg + " (" + moduleOf.get(pkg) + ") -> " + d + " (" + moduleOf.get(d) + ")")));
        assertEquals(List.of(), violations);
    }

    @Test
    void packagesFormNoCycle() {
        List<List<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertEquals(List.of(), cycles, "packages that depend on each other, directly or around a cycle");
    }

    @Test
    void librariesAreUsedOnlyByTheModuleThatWrapsThem() {
        assertEquals(List.of(), libraryUses);
    }

    @Test
    void theScannerSeesCodeNotCommentsOrStrings() {
        String source = "package a.b;\n// dev.basalt.x.internal.Y\n/* dev.basalt.z.W */ class C { String s = \"dev.basalt.q.R\"; "
                + "dev.basalt.range.RangeDescriptor d; }";
        String code = code(source);
        Matcher m = BASALT_NAME.matcher(code);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertEquals(List.of("dev.basalt.range"), found);
    }

    /** Tarjan's algorithm, iterative: the strongly connected components of the package graph. */
    private static List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        int[] next = {0};
        for (String root : dependsOn.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {root, new ArrayList<>(dependsOn.getOrDefault(root, Set.of())).iterator()});
            index.put(root, next[0]);
            low.put(root, next[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                Iterator<String> edges = (Iterator<String>) frame[1];
                if (edges.hasNext()) {
                    String w = edges.next();
                    if (!dependsOn.containsKey(w)) {
                        continue; // a package of no scanned module
                    }
                    if (!index.containsKey(w)) {
                        index.put(w, next[0]);
                        low.put(w, next[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, new ArrayList<>(dependsOn.get(w)).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    component.sort(null);
                    components.add(component);
                }
            }
        }
        return components;
    }
}
