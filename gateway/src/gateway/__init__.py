"""The gateway: routes `/<service>/…` to the four services, merges their OpenAPI documents and
fans out aggregation requests. It speaks HTTP to the services and imports none of their code."""
