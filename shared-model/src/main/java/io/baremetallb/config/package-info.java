/**
 * The configuration model and its two parsers. {@link io.baremetallb.config.LegacyConfigParser}
 * reads MetalLB's legacy ConfigMap, {@link io.baremetallb.config.CrdConfigParser} the
 * {@code metallb.io} custom resources; both give a {@link io.baremetallb.config.ConfigResult}: a
 * whole validated {@link io.baremetallb.config.Config}, or every
 * {@link io.baremetallb.config.ConfigProblem} found. Pure: no Kubernetes client, no I/O. See
 * {@code shared-model/docs/config.md} for the formats and the rules.
 */
package io.baremetallb.config;
