package dev.ferret.fleet.generate;

/** A synthetic host: its name, its address and whether it runs Windows. */
public record Host(String name, String ip, boolean windows) {
}
