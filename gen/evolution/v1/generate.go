package v1

//go:generate go run github.com/aerongo/aerongo/cmd/aerongen -schema ../../../schemas/evolution-v1.xml -out . -package v1 -pubsub
