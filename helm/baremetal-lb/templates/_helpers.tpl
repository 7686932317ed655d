{{/* Chart name, overridable. */}}
{{- define "bmlb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* "<release>-<chart>" (or the release name alone when it already contains the chart name), at most 50
     characters so that "-announcer" and friends still fit in 63. */}}
{{- define "bmlb.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "bmlb.ipam" -}}{{ include "bmlb.fullname" . }}-ipam{{- end -}}
{{- define "bmlb.announcer" -}}{{ include "bmlb.fullname" . }}-announcer{{- end -}}

{{/* Labels of every object; call with (dict "ctx" $ "component" "ipam"). */}}
{{- define "bmlb.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: baremetal-lb
{{ include "bmlb.selectorLabels" . }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select a component's pods; call with (dict "ctx" $ "component" "ipam"). */}}
{{- define "bmlb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bmlb.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{/* Image reference; call with (dict "ctx" $ "image" .Values.ipam.image). */}}
{{- define "bmlb.image" -}}
{{- $ref := printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) -}}
{{- if .ctx.Values.images.registry -}}
{{- printf "%s/%s" (trimSuffix "/" .ctx.Values.images.registry) $ref -}}
{{- else -}}
{{- $ref -}}
{{- end -}}
{{- end -}}

{{/* Environment both services read (MicroProfile Config keys as environment variables). */}}
{{- define "bmlb.commonEnv" -}}
- name: BMLB_KUBE_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: BMLB_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: BMLB_CONFIG_CONFIGMAP
  value: {{ .Values.legacyConfig.name | quote }}
- name: BMLB_LOADBALANCER_CLASS
  value: {{ .Values.loadBalancerClass | quote }}
- name: BMLB_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end -}}

{{/* Startup, readiness and liveness probes on MicroProfile Health; call with the component values. */}}
{{- define "bmlb.probes" -}}
startupProbe:
  httpGet:
    path: /health/started
    port: http
  periodSeconds: {{ .probes.startup.periodSeconds }}
  failureThreshold: {{ .probes.startup.failureThreshold }}
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  periodSeconds: {{ .probes.readiness.periodSeconds }}
  failureThreshold: {{ .probes.readiness.failureThreshold }}
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: {{ .probes.liveness.periodSeconds }}
  failureThreshold: {{ .probes.liveness.failureThreshold }}
{{- end -}}

{{/* The only places the Open Liberty image writes at run time: its work area and class cache
     (/opt/ol/wlp/output), its logs (LOG_DIR=/logs) and the JVM's temporary files (/tmp, where
     JNR-FFI also unpacks its native stub). All are emptyDirs, so the root filesystem stays read-only. */}}
{{- define "bmlb.writableMounts" -}}
- name: tmp
  mountPath: /tmp
- name: liberty-output
  mountPath: /opt/ol/wlp/output
- name: liberty-logs
  mountPath: /logs
{{- end -}}

{{- define "bmlb.writableVolumes" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
- name: liberty-output
  emptyDir:
    sizeLimit: 256Mi
- name: liberty-logs
  emptyDir:
    sizeLimit: 128Mi
{{- end -}}
