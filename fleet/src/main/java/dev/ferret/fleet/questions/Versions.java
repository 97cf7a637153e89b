package dev.ferret.fleet.questions;

/** Compares ferret versions by their leading numbers (0.2.0 is newer than 0.1.0-SNAPSHOT). */
final class Versions {
    private Versions() {
    }

    static boolean newer(String candidate, String ours) {
        int[] a = numbers(candidate);
        int[] b = numbers(ours);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return x > y;
            }
        }
        return false;
    }

    private static int[] numbers(String version) {
        String head = version.split("[^0-9.]", 2)[0];
        return java.util.Arrays.stream(head.split("\\.")).filter(s -> !s.isEmpty())
                .mapToInt(s -> s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s)).toArray();
    }
}
