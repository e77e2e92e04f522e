package org.rocketjms.reliability.untrusted;

import java.io.Serializable;

/** A serializable application class outside the default trusted packages of {@code ObjectMessage}. */
public record Order(String id, int quantity) implements Serializable {
}
