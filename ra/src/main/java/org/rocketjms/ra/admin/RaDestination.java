package org.rocketjms.ra.admin;

import jakarta.resource.Referenceable;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;

/** Shared part of the admin-object queue and topic: the {@code Name} bean property, JNDI reference, equality. */
public abstract class RaDestination implements Serializable, Referenceable, ResourceAdapterAssociation {
    private static final long serialVersionUID = 1L;

    private String name;
    private transient ResourceAdapter resourceAdapter;
    private Reference reference;

    /** The destination's name (the broker destination, e.g. {@code orders}). */
    public String getName() {
        return name;
    }

    /** Sets the name. */
    public void setName(String name) {
        this.name = name;
    }

    final String checkedName() throws jakarta.jms.JMSException {
        if (name == null || name.isEmpty()) {
            throw new jakarta.jms.InvalidDestinationException("the " + getClass().getSimpleName() + " admin object has no Name"
                    + " property");
        }
        return name;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = ra;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Objects.equals(name, ((RaDestination) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass().getName(), name);
    }
}
