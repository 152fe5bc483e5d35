package aotelemetry

//go:generate go run github.com/aerongo/aerongo/cmd/aerongen -schema ../../schemas/aotelemetry.xml -out . -pubsub
