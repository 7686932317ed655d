/** Records both services share: service keys, pools and allocations. */
package io.baremetallb.model;
