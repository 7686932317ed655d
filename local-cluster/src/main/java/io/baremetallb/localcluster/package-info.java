/** The embedded Kubernetes API server and the network lab (see the module's README). */
package io.baremetallb.localcluster;
