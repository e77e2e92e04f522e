/** How typed JMS properties and selectable header fields travel in the engine's string property map. */
package org.rocketjms.filter.wire;
