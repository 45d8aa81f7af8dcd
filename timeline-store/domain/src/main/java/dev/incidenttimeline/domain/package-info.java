/**
 * The domain: incidents, timeline entries, action items, people and the value types they
 * are made of. Records check their invariants in the compact constructor; enums are the
 * closed sets (severity, status, entry kind). No dependencies: the store persists these
 * types and the exporters render them.
 */
package dev.incidenttimeline.domain;
