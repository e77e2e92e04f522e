package org.example.untrusted;

import java.io.Serializable;
import java.util.Objects;

/** A serializable class in a package RocketJMS does not trust by default. */
public class Payload implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;

    /** @param name any text */
    public Payload(String name) {
        this.name = name;
    }

    /** The text given at construction. */
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && Objects.equals(p.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }
}
