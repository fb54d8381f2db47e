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

{{/* Secret and key holding the database password. */}}
{{- define "hearth.dbSecretName" -}}
{{- if and .Values.postgresql.enabled .Values.postgresql.existingSecret -}}{{ .Values.postgresql.existingSecret }}
{{- else if and (not .Values.postgresql.enabled) .Values.database.existingSecret -}}{{ .Values.database.existingSecret }}
{{- else -}}{{ include "hearth.fullname" . }}-db{{- end -}}
{{- end -}}

{{- define "hearth.oidcUrl" -}}
{{- if .Values.oidc.authServerUrl -}}{{ .Values.oidc.authServerUrl }}
{{- else if .Values.keycloak.enabled -}}{{ trimSuffix "/" .Values.keycloak.publicUrl }}/realms/hearth
{{- else -}}{{ fail "oidc.authServerUrl is required when keycloak.enabled=false" }}{{- end -}}
{{- end -}}

{{- define "hearth.oidcSecretName" -}}
{{- if .Values.oidc.existingSecret }}{{ .Values.oidc.existingSecret }}{{ else }}{{ include "hearth.fullname" . }}-oidc{{ end -}}
{{- end -}}
