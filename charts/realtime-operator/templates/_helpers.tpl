{{/* Chart name, overridable. */}}
{{- define "realtime-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object name prefix: the release name, with the chart name appended unless the release already contains it. */}}
{{- define "realtime-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "realtime-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "realtime-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "realtime-operator.labels" -}}
{{ include "realtime-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: realtime-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "realtime-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "realtime-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "realtime-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The rules the operator needs wherever it watches RealtimeClusters. One definition serves the ClusterRole and the
per-namespace Roles so the two modes cannot drift; tests/Realtime.Chart.Tests runs the operator against a fake API
server and checks these rules against the calls it makes, both ways.
- RealtimeClusters: read and watched; status written with a patch of the status subresource; finalizers/update lets
  children carry a blockOwnerDeletion owner reference where the OwnerReferencesPermissionEnforcement admission runs.
- Children: watched (a child event enqueues its owner; StatefulSets and ConfigMaps are the Redis high-availability
  shards and their scripts), applied with server-side apply (patch, plus create, which
  the API server also checks when an apply creates the object), deleted when no longer desired.
- Secrets are also read by name (the managed Redis password, referenced API token and Redis URL Secrets), and
  listed and watched only selected (the operator's label; each referenced name by field selector): see
  values.yaml `rbac` for why each Secret verb is there. HTTPRoutes are read for the address their Gateway reports.
- Events: written for `kubectl describe rtc`; a repeat is read back and updated with a higher count.
*/}}
{{- define "realtime-operator.rules" -}}
- apiGroups: ["realtime.dev"]
  resources: ["realtimeclusters"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["realtime.dev"]
  resources: ["realtimeclusters/status"]
  verbs: ["patch"]
- apiGroups: ["realtime.dev"]
  resources: ["realtimeclusters/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "persistentvolumeclaims", "configmaps"]
  verbs: ["list", "watch", "create", "patch", "delete"]
{{- /* get: who owns the server Deployment's spec.replicas, read before handing them to the HPA. */}}
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses", "networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "get", "update"]
{{- end }}
