package market

//go:generate go run github.com/aerongo/aerongo/cmd/aerongen -schema ../../schemas/market.xml -out . -pubsub
