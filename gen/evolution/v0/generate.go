package v0

//go:generate go run github.com/aerongo/aerongo/cmd/aerongen -schema ../../../schemas/evolution-v0.xml -out . -package v0 -pubsub
