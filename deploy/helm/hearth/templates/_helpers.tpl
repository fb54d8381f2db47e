{{- define "hearth.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "hearth.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "hearth.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* JDBC URL: the bundled PostgreSQL's service when enabled, else database.jdbcUrl. */}}
{{- define "hearth.jdbcUrl" -}}
{{- if .Values.postgresql.enabled -}}
jdbc:postgresql://{{ include "hearth.fullname" . }}-postgresql:5432/{{ .Values.postgresql.database }}
{{- else -}}
{{- required "database.jdbcUrl is required when postgresql.enabled=false" .Values.database.jdbcUrl -}}
{{- end -}}
{{- end -}}

{{- define "hearth.dbUsername" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.username }}{{ else }}{{ .Values.database.username }}{{ end -}}
{{- end -}}

{{/* Whether the chart makes the database password's Secret (no existingSecret given for the one in use). */}}
{{- define "hearth.dbSecretManaged" -}}
{{- if .Values.postgresql.enabled -}}{{ if not .Values.postgresql.existingSecret }}true{{ end -}}
{{- else -}}{{ if not .Values.database.existingSecret }}true{{ end -}}{{- end -}}
{{- end -}}

{{/* Secret holding the database password (key "password"). The chart's own Secrets end in names no
     operator's Secret is told to use (-database, -oidc-client, -kubeconfig-key), and are made only when
     no existingSecret is given, so `--set database.existingSecret=hearth-db` works under any release name. */}}
{{- define "hearth.dbSecretName" -}}
{{- if .Values.postgresql.enabled -}}{{ .Values.postgresql.existingSecret | default (printf "%s-database" (include "hearth.fullname" .)) }}
{{- else -}}{{ .Values.database.existingSecret | default (printf "%s-database" (include "hearth.fullname" .)) }}{{- end -}}
{{- end -}}

{{- define "hearth.oidcUrl" -}}
{{- if .Values.oidc.authServerUrl -}}{{ .Values.oidc.authServerUrl }}
{{- else if .Values.keycloak.enabled -}}{{ trimSuffix "/" .Values.keycloak.publicUrl }}/realms/hearth
{{- else -}}{{ fail "oidc.authServerUrl is required when keycloak.enabled=false" }}{{- end -}}
{{- end -}}

{{- define "hearth.oidcSecretName" -}}
{{- .Values.oidc.existingSecret | default (printf "%s-oidc-client" (include "hearth.fullname" .)) -}}
{{- end -}}

{{/* Secret holding the kubeconfig encryption key (key "kubeconfig-key"); one of the two ways is required. */}}
{{- define "hearth.kubeconfigKeySecretName" -}}
{{- if and .Values.kubeconfigKey.existingSecret .Values.kubeconfigKey.generate -}}
{{- fail "kubeconfigKey: set either kubeconfigKey.existingSecret or kubeconfigKey.generate=true, not both" -}}
{{- else if .Values.kubeconfigKey.existingSecret -}}{{ .Values.kubeconfigKey.existingSecret }}
{{- else if .Values.kubeconfigKey.generate -}}{{ include "hearth.fullname" . }}-kubeconfig-key
{{- else -}}
{{- fail "kubeconfigKey: the backend needs the key kubeconfigs are encrypted with. Set kubeconfigKey.existingSecret to a Secret with key kubeconfig-key (base64 of 32 random bytes: head -c 32 /dev/urandom | base64), or kubeconfigKey.generate=true to have the chart generate one on first install and keep it" -}}
{{- end -}}
{{- end -}}

{{/* The portal's public URL (hearth.public-url): publicUrl, else the ingress host; empty = the backend's default. */}}
{{- define "hearth.publicUrl" -}}
{{- if .Values.publicUrl -}}{{ trimSuffix "/" .Values.publicUrl }}
{{- else if .Values.ingress.enabled -}}http{{ if .Values.ingress.tlsSecretName }}s{{ end }}://{{ .Values.ingress.host }}
{{- end -}}
{{- end -}}

{{/* Pod-level and container-level security settings of the bundled services: non-root, no privilege
     escalation, no capabilities, the runtime's default seccomp profile. */}}
{{- define "hearth.bundledContainerSecurity" -}}
allowPrivilegeEscalation: false
capabilities: { drop: [ALL] }
seccompProfile: { type: RuntimeDefault }
{{- end -}}
